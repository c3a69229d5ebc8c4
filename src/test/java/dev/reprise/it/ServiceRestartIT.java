package dev.reprise.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service stopped in the middle of running orchestrations and started again: every instance completes, with no
 * step applied twice in its history.
 */
class ServiceRestartIT {

    private static final String DATABASE = "reprise_it_restart";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @BeforeAll
    static void freshDatabase() throws Exception {
        HistoryTables.dropDatabase(DATABASE);
    }

    @Test
    void sigterm_midChain_restartedServiceCompletesWithEachStepOnce() throws Exception {
        restartMidChain(false, "sigterm");
    }

    @Test
    void sigkill_midChain_restartedServiceTakesOverAfterLeaseAndCompletesWithEachStepOnce() throws Exception {
        restartMidChain(true, "sigkill");
    }

    private void restartMidChain(boolean crash, String label) throws Exception {
        List<String> cities = IntStream.rangeClosed(1, 40).mapToObj(i -> "City" + i).toList();
        String input = ServiceProcess.JSON.writeValueAsString(cities);
        List<String> instanceIds = new ArrayList<>();
        try (ServiceProcess first = ServiceProcess.start(DATABASE, "restart-" + label + "-1")) {
            for (int i = 0; i < 3; i++) {
                instanceIds.add(first.startOrchestration("HelloCities", input));
            }
            // Stop once the first instance is well under way, with the others somewhere in flight.
            first.awaitStatus(instanceIds.get(0), PATIENCE, s -> completions(s) >= 5);
            if (crash) {
                first.kill();
            } else {
                first.stop();
            }
        }
        List<String> expected = cities.stream().map(c -> "Hello " + c + "!").toList();
        try (ServiceProcess second = ServiceProcess.start(DATABASE, "restart-" + label + "-2")) {
            for (String id : instanceIds) {
                JsonNode done = second.awaitStatus(id, PATIENCE,
                        s -> !"Running".equals(s.path("runtimeStatus").asText())
                                && !"Pending".equals(s.path("runtimeStatus").asText()));
                assertThat(done.path("runtimeStatus").asText()).isEqualTo("Completed");
                assertThat(ServiceProcess.JSON.convertValue(done.path("output"), List.class)).isEqualTo(expected);
                HistoryTables.assertExactlyOnce(HistoryTables.history(DATABASE, id));
            }
        }
    }

    private static long completions(JsonNode status) {
        long n = 0;
        for (JsonNode e : status.path("historyEvents")) {
            if ("TaskCompleted".equals(e.path("eventType").asText())) {
                n++;
            }
        }
        return n;
    }
}
