package dev.reprise.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A durable timer that falls due while no process runs fires once the service starts again.
 */
class TimerWhileDownIT {

    private static final String DATABASE = "reprise_it_timer";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @BeforeAll
    static void freshDatabase() throws Exception {
        HistoryTables.dropDatabase(DATABASE);
    }

    @Test
    void approvalTimeout_dueWhileServiceStopped_firesAfterRestartAndEscalates() throws Exception {
        String instanceId;
        Instant fireAt;
        try (ServiceProcess first = ServiceProcess.start(DATABASE, "timer-1")) {
            instanceId = first.startOrchestration("Approval", "{\"document\":\"Q3 budget\",\"timeoutSeconds\":3}");
            JsonNode waiting = first.awaitStatus(instanceId, PATIENCE, s -> timerFireAt(s) != null);
            fireAt = timerFireAt(waiting);
            first.stop();
        }
        // Let the timer fall due while nothing runs.
        while (Instant.now().isBefore(fireAt.plusSeconds(1))) {
            Thread.sleep(100);
        }
        Instant restartedAt = Instant.now();
        try (ServiceProcess second = ServiceProcess.start(DATABASE, "timer-2")) {
            JsonNode done = second.awaitStatus(instanceId, PATIENCE,
                    s -> "Completed".equals(s.path("runtimeStatus").asText()));
            assertThat(done.path("output").asText()).isEqualTo("Escalated");
            Instant firedStepStarted = null;
            Instant stepStart = null;
            for (JsonNode e : done.path("historyEvents")) {
                String type = e.path("eventType").asText();
                if ("OrchestratorStarted".equals(type)) {
                    stepStart = Instant.parse(e.path("timestamp").asText());
                } else if ("TimerFired".equals(type)) {
                    firedStepStarted = stepStart;
                }
            }
            assertThat(firedStepStarted).as("the step that applied TimerFired").isNotNull()
                    .isAfterOrEqualTo(restartedAt);
            HistoryTables.assertExactlyOnce(HistoryTables.history(DATABASE, instanceId));
        }
    }

    private static Instant timerFireAt(JsonNode status) {
        for (JsonNode e : status.path("historyEvents")) {
            if ("TimerCreated".equals(e.path("eventType").asText())) {
                return Instant.parse(e.path("fireAt").asText());
            }
        }
        return null;
    }
}
