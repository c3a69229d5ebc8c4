package dev.reprise.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling deployment with orchestration versioning, as separate processes on one database: a new-version process
 * with {@code versioning.match=strict} leaves an old-version instance alone while it runs its own, an old-version
 * process (the old revision, still around) completes it, and with {@code versioning.failure=fail} a new-version
 * process fails an old instance with an error naming both versions.
 */
class VersioningIT {

    private static final String DATABASE = "reprise_it_versioning";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Polling intervals (1s in ServiceProcess) the old instance is watched for staying untouched. */
    private static final Duration WATCH = Duration.ofSeconds(4);
    private static final String CITIES = "[\"Tokyo\",\"Lima\"]";
    private static final List<String> GREETINGS = List.of("Hello Tokyo!", "Hello Lima!");

    @BeforeAll
    static void freshDatabase() throws Exception {
        HistoryTables.dropDatabase(DATABASE);
    }

    @Test
    void strictNewVersionProcess_leavesOldInstanceToAnOldVersionProcess_orFailsItUnderFail() throws Exception {
        try (ServiceProcess newer = ServiceProcess.start(DATABASE, "versioning-new", version("2.0"), strict())) {
            String oldInstance = start(newer, "1.0");
            String newInstance = start(newer, null);

            JsonNode done = awaitFinished(newer, newInstance);
            assertThat(done.path("runtimeStatus").asText()).isEqualTo("Completed");
            assertThat(done.path("version").asText()).isEqualTo("2.0");
            assertStaysPending(newer, oldInstance);

            try (ServiceProcess older = ServiceProcess.start(DATABASE, "versioning-old", version("1.0"), strict())) {
                JsonNode drained = awaitFinished(older, oldInstance);
                assertThat(drained.path("runtimeStatus").asText()).isEqualTo("Completed");
                assertThat(ServiceProcess.JSON.convertValue(drained.path("output"), List.class))
                        .isEqualTo(GREETINGS);
                older.stop();
            }

            String orphan = start(newer, "1.0");
            assertStaysPending(newer, orphan);
            try (ServiceProcess failing = ServiceProcess.start(DATABASE, "versioning-fail", version("2.0"), strict(),
                    "-Dreprise.orchestrations.versioning.failure=fail")) {
                JsonNode failed = awaitFinished(failing, orphan);
                assertThat(failed.path("runtimeStatus").asText()).isEqualTo("Failed");
                JsonNode details = failed.path("failureDetails");
                assertThat(details.path("errorType").asText()).endsWith("VersionMismatchException");
                assertThat(details.path("errorMessage").asText())
                        .contains("version '1.0'", "reprise.orchestrations.version '2.0'", "match=strict");
                assertThat(activitiesScheduled(failed)).as("its code never ran").isZero();
                failing.stop();
            }
        }
    }

    private static String version(String version) {
        return "-Dreprise.orchestrations.version=" + version;
    }

    private static String strict() {
        return "-Dreprise.orchestrations.versioning.match=strict";
    }

    /** Starts HelloCities over HTTP with {@code version} ({@code null}: the process's default). */
    private static String start(ServiceProcess service, String version) throws Exception {
        HttpResponse<String> r = service.post("/runtime/webhooks/durabletask/orchestrators/HelloCities"
                + (version == null ? "" : "?version=" + version), CITIES);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return ServiceProcess.JSON.readTree(r.body()).get("id").asText();
    }

    private static JsonNode awaitFinished(ServiceProcess service, String id) throws Exception {
        return service.awaitStatus(id, PATIENCE, s -> {
            String status = s.path("runtimeStatus").asText();
            return !status.equals("Pending") && !status.equals("Running");
        });
    }

    /** The instance stays Pending, with nothing in its history, for several polling intervals. */
    private static void assertStaysPending(ServiceProcess service, String id) throws Exception {
        Instant until = Instant.now().plus(WATCH);
        while (Instant.now().isBefore(until)) {
            JsonNode s = service.status(id);
            assertThat(s.path("runtimeStatus").asText()).as("instance %s", id).isEqualTo("Pending");
            assertThat(activitiesScheduled(s)).isZero();
            Thread.sleep(250);
        }
    }

    private static long activitiesScheduled(JsonNode status) {
        long n = 0;
        for (JsonNode e : status.path("historyEvents")) {
            if ("TaskScheduled".equals(e.path("eventType").asText())) {
                n++;
            }
        }
        return n;
    }
}
