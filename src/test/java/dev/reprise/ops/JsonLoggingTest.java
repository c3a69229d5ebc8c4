package dev.reprise.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code quarkus.log.console.json.enabled=true} makes the console handler write one JSON object per line. The check
 * runs on the handler Quarkus configured for the console: its formatter is the one every console line goes through.
 */
@QuarkusTest
@TestProfile(JsonLoggingTest.JsonLogs.class)
class JsonLoggingTest {

    public static class JsonLogs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.console.json.enabled", "true");
        }
    }

    @Test
    void consoleLines_areJsonObjects() throws Exception {
        List<ConsoleHandler> consoles = ConsoleLog.handlers();
        assertThat(consoles).as("console handlers").hasSize(1);
        ConsoleHandler console = consoles.get(0);
        assertThat(console.isEnabled()).isTrue();

        String line = ConsoleLog.lineFor(console, "engine \"started\"\nsecond line",
                new IllegalStateException("boom"));
        assertThat(line.strip()).as("one line per record").doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("level").asText()).isEqualTo("INFO");
        assertThat(json.path("loggerName").asText()).isEqualTo("dev.reprise.ops");
        assertThat(json.path("message").asText()).isEqualTo("engine \"started\"\nsecond line");
        assertThat(json.path("timestamp").asText()).isNotBlank();
        assertThat(json.path("exception").path("exceptionType").asText())
                .isEqualTo(IllegalStateException.class.getName());
    }
}
