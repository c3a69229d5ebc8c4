package dev.reprise.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatestJsonTest {

    @TempDir
    Path dir;

    @Test
    void put_noFileYet_writesTheFigures() throws Exception {
        Path file = dir.resolve("results").resolve("latest.json");

        LatestJson.put(file, Map.of("start_to_ready_ms", 1234L, "rss_mb_at_ready_runs", List.of(120.0, 125.0)));

        JsonNode written = new ObjectMapper().readTree(file.toFile());
        assertThat(written.path("start_to_ready_ms").asLong()).isEqualTo(1234L);
        assertThat(written.path("rss_mb_at_ready_runs").toString()).isEqualTo("[120.0,125.0]");
    }

    @Test
    void put_existingFile_replacesItsKeysAndKeepsTheOthers() throws Exception {
        Path file = dir.resolve("latest.json");
        Files.writeString(file, "{\"w1_events_per_s\": 1205, \"start_to_ready_ms\": 2100}");

        LatestJson.put(file, Map.of("start_to_ready_ms", 900L, "cold_first_request_ms", 950L));

        JsonNode written = new ObjectMapper().readTree(file.toFile());
        assertThat(written.path("w1_events_per_s").asInt()).as("another part's figure").isEqualTo(1205);
        assertThat(written.path("start_to_ready_ms").asLong()).isEqualTo(900L);
        assertThat(written.path("cold_first_request_ms").asLong()).isEqualTo(950L);
    }

    @Test
    void put_fileHoldsNoObject_failsAndLeavesItAlone() throws Exception {
        Path file = dir.resolve("latest.json");
        Files.writeString(file, "[1, 2]");

        assertThatThrownBy(() -> LatestJson.put(file, Map.of("start_to_ready_ms", 900L)))
                .isInstanceOf(IOException.class).hasMessageContaining("not a JSON object");
        assertThat(Files.readString(file)).isEqualTo("[1, 2]");
    }
}
