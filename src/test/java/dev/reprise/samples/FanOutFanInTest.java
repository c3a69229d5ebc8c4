package dev.reprise.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.reprise.samples.SampleClient.JSON;
import static dev.reprise.samples.SampleClient.awaitFinished;
import static dev.reprise.samples.SampleClient.parse;
import static dev.reprise.samples.SampleClient.runToCompletion;
import static dev.reprise.samples.SampleClient.scheduledActivities;
import static dev.reprise.samples.SampleClient.start;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class FanOutFanInTest {

    @Test
    void fanOutFanIn_fiftyTasks_returnsEveryResultInInputOrder() {
        String id = start("FanOutFanIn", "{\"count\":50}");
        JsonNode status = awaitFinished(id);

        ArrayNode expected = JSON.createArrayNode();
        for (int k = 1; k <= 50; k++) {
            expected.add("Task" + k + " completed");
        }
        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Completed");
        assertThat(status.get("output")).isEqualTo(expected);
        assertThat(scheduledActivities(id)).hasSize(50).containsOnly("ProcessTask");
    }

    @Test
    void fanOutFanIn_zeroTasks_returnsEmptyList() {
        assertThat(runToCompletion("FanOutFanIn", "{\"count\":0}")).isEqualTo(parse("[]"));
    }

    @Test
    void fanOutFanIn_countOutOfRange_fails() {
        JsonNode status = awaitFinished(start("FanOutFanIn", "{\"count\":10001}"));

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Failed");
        assertThat(status.get("failureDetails").path("errorMessage").asText())
                .isEqualTo("count must be from 0 to 10000, was 10001");
    }
}
