package dev.reprise.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The version order of Durable Functions' orchestration versioning, and the match strategies built on it. */
class OrchestrationVersionsTest {

    @Test
    void compare_dottedNumericVersions_compareAsNumbersComponentByComponent() {
        assertThat(OrchestrationVersions.compare("1.9", "1.10")).isNegative();
        assertThat(OrchestrationVersions.compare("10", "9")).isPositive();
        assertThat(OrchestrationVersions.compare("2.0.3", "2.0.12")).isNegative();
        assertThat(OrchestrationVersions.compare("01.2", "1.2")).isZero();
        assertThat(OrchestrationVersions.compare("123456789012345678901234567890", "9")).isPositive();
    }

    @Test
    void compare_numericPrefix_isTheOlder() {
        assertThat(OrchestrationVersions.compare("1.2", "1.2.0")).isNegative();
        assertThat(OrchestrationVersions.compare("1.2.0", "1.2")).isPositive();
    }

    @Test
    void compare_emptyVersion_isOlderThanAnyOtherAndEqualToNone() {
        assertThat(OrchestrationVersions.compare("", "0")).isNegative();
        assertThat(OrchestrationVersions.compare("", "a")).isNegative();
        assertThat(OrchestrationVersions.compare("1", "")).isPositive();
        assertThat(OrchestrationVersions.compare(null, "")).isZero();
    }

    @Test
    void compare_notBothNumeric_comparesAsTextIgnoringAsciiCase() {
        assertThat(OrchestrationVersions.compare("v10", "v9")).isNegative(); // text, not numbers
        assertThat(OrchestrationVersions.compare("Beta", "beta")).isZero();
        assertThat(OrchestrationVersions.compare("1.2-rc", "1.2")).isPositive();
        assertThat(OrchestrationVersions.compare("2", "v1")).isNegative();
        assertThat(OrchestrationVersions.compare("é", "z")).isPositive(); // by code point
    }

    @Test
    void accepts_eachStrategy_decidesByTheOrder() {
        assertThat(VersionMatchStrategy.NONE.accepts("3.0", "1.0")).isTrue();
        assertThat(VersionMatchStrategy.STRICT.accepts("1.0", "1.0")).isTrue();
        assertThat(VersionMatchStrategy.STRICT.accepts("0.9", "1.0")).isFalse();
        assertThat(VersionMatchStrategy.STRICT.accepts("", "1.0")).isFalse();
        assertThat(VersionMatchStrategy.CURRENT_OR_OLDER.accepts("0.9", "1.0")).isTrue();
        assertThat(VersionMatchStrategy.CURRENT_OR_OLDER.accepts("", "1.0")).isTrue();
        assertThat(VersionMatchStrategy.CURRENT_OR_OLDER.accepts("1.0", "1.0")).isTrue();
        assertThat(VersionMatchStrategy.CURRENT_OR_OLDER.accepts("1.10", "1.9")).isFalse();
    }
}
