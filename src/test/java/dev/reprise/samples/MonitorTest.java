package dev.reprise.samples;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.reprise.samples.SampleClient.awaitFinished;
import static dev.reprise.samples.SampleClient.awaitStatus;
import static dev.reprise.samples.SampleClient.parse;
import static dev.reprise.samples.SampleClient.scheduledActivities;
import static dev.reprise.samples.SampleClient.start;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class MonitorTest {

    private static JsonNode report(int check) {
        int percent = 100 * check / 3;
        return parse("{\"check\":" + check + ",\"of\":3,\"percentComplete\":" + percent + ",\"status\":\""
                + (check == 3 ? "Complete" : "InProgress") + "\"}");
    }

    @Test
    void monitor_threeChecks_publishesEachCheckAndCompletes() {
        String id = start("Monitor", "{\"checks\":3,\"intervalSeconds\":1}");
        List<JsonNode> seen = new ArrayList<>();
        JsonNode status = awaitStatus(id, s -> s.path("runtimeStatus").asText().equals("Completed")
                || s.path("runtimeStatus").asText().equals("Failed"), "finished", seen);

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Completed");
        assertThat(status.get("output")).isEqualTo(parse("{\"checks\":3}"));
        assertThat(status.get("customStatus")).isEqualTo(report(3));
        // The last execution started from the state carried through continueAsNew.
        assertThat(status.get("input")).isEqualTo(parse("{\"checks\":3,\"intervalSeconds\":1,\"done\":3}"));
        // Its history starts afresh: no activity ran in the final execution.
        assertThat(scheduledActivities(id)).isEmpty();

        // Every custom status seen while polling was one of the reports, in order; each stays for a 1 s timer, so
        // polling every 100 ms sees the monitor before its last check.
        List<JsonNode> statuses = seen.stream().map(s -> s.get("customStatus")).filter(c -> !c.isNull()).toList();
        assertThat(statuses).isNotEmpty().allSatisfy(c -> assertThat(c).isIn(report(1), report(2), report(3)));
        List<Integer> checks = statuses.stream().map(c -> c.path("check").asInt()).toList();
        assertThat(checks).isSorted();
        assertThat(checks.get(0)).isLessThan(3);
    }

    @Test
    void monitor_invalidInput_fails() {
        JsonNode status = awaitFinished(start("Monitor", "{\"checks\":0,\"intervalSeconds\":1}"));

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Failed");
        assertThat(status.get("failureDetails").path("errorMessage").asText())
                .startsWith("Monitor needs checks >= 1, intervalSeconds >= 1 and done from 0 to checks");
    }
}
