package dev.reprise.ops;

import io.quarkus.test.junit.QuarkusTest;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** By default the console logs plain text lines, not JSON (the counterpart of {@link JsonLoggingTest}). */
@QuarkusTest
class PlainLoggingTest {

    @Test
    void byDefault_consoleLinesAreText() {
        List<ConsoleHandler> consoles = ConsoleLog.handlers();
        assertThat(consoles).hasSize(1);
        String line = ConsoleLog.lineFor(consoles.get(0), "engine started", null);
        assertThat(line).contains("INFO").contains("engine started").doesNotStartWith("{");
    }
}
