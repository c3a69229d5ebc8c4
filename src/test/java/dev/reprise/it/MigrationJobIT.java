package dev.reprise.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes split: a Job runs the image with {@code reprise.migrate-and-exit=true} once, and service pods start
 * without touching the schema, so a cold start does no migration work.
 */
class MigrationJobIT {

    private static final String DATABASE = "reprise_it_migrate";

    @BeforeAll
    static void freshDatabase() throws Exception {
        HistoryTables.dropDatabase(DATABASE);
    }

    @Test
    void migrateAndExit_thenServiceWithMigrationsOff_startsOnTheMigratedSchemaAndRunsWork() throws Exception {
        int exit = ServiceProcess.runToExit(DATABASE, "migrate-job", Duration.ofSeconds(60),
                "-Dreprise.migrate-and-exit=true");

        assertThat(exit).as("the migration Job's exit code").isZero();
        assertThat(Files.readString(Path.of("target", "it-logs", "migrate-job.log")))
                .contains("Schema migrated; exiting");
        assertThat(HistoryTables.instanceIds(DATABASE)).as("schema exists, no instances yet").isEmpty();

        try (ServiceProcess pod = ServiceProcess.start(DATABASE, "migrate-pod",
                "-Dreprise.datasource.migrate-at-start=false", "-Dreprise.datasource.create-database=false")) {
            assertThat(pod.log()).doesNotContain("Migrating schema");
            String id = pod.startOrchestration("HelloCities", "[\"Oslo\"]");
            JsonNode done = pod.awaitStatus(id, Duration.ofSeconds(30),
                    s -> "Completed".equals(s.path("runtimeStatus").asText()));
            assertThat(ServiceProcess.JSON.convertValue(done.path("output"), List.class))
                    .containsExactly("Hello Oslo!");
        }
    }
}
