package dev.reprise.config;

import dev.reprise.api.VersionFailureStrategy;
import dev.reprise.api.VersionMatchStrategy;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The versioning settings take the spellings the README documents. */
class VersioningConfigTest {

    @Test
    void versioningSettings_documentedSpellings_parseToTheStrategies() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "match", "current-or-older", "strict", "strict", "failure", "fail"), "test", 100)).build();

        assertThat(config.getValue("match", VersionMatchStrategy.class))
                .isEqualTo(VersionMatchStrategy.CURRENT_OR_OLDER);
        assertThat(config.getValue("strict", VersionMatchStrategy.class)).isEqualTo(VersionMatchStrategy.STRICT);
        assertThat(config.getValue("failure", VersionFailureStrategy.class)).isEqualTo(VersionFailureStrategy.FAIL);
    }
}
