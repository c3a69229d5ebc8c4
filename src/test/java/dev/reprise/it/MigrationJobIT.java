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
    private static final String EMPTY_DATABASE = "reprise_it_unmigrated";

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

    @Test
    void podWithMigrationsOff_onEmptyDatabase_staysNotReadyUntilTheJobHasRun() throws Exception {
        HistoryTables.createEmptyDatabase(EMPTY_DATABASE);
        try (ServiceProcess pod = ServiceProcess.startLive(EMPTY_DATABASE, "unmigrated-pod",
                "-Dreprise.datasource.migrate-at-start=false", "-Dreprise.datasource.create-database=false")) {
            var notReady = pod.get("/q/health/ready");
            assertThat(notReady.statusCode()).as("ready before the schema exists").isEqualTo(503);
            assertThat(notReady.body()).contains("\"schemaMigrated\": false");

            assertThat(ServiceProcess.runToExit(EMPTY_DATABASE, "unmigrated-job", Duration.ofSeconds(60),
                    "-Dreprise.migrate-and-exit=true", "-Dreprise.datasource.create-database=false")).isZero();

            java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
            while (pod.get("/q/health/ready").statusCode() != 200) {
                assertThat(java.time.Instant.now()).as("ready once migrated").isBefore(deadline);
                Thread.sleep(200);
            }
        }
    }
}
