package dev.reprise.samples;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.reprise.samples.SampleClient.awaitFinished;
import static dev.reprise.samples.SampleClient.historyEvents;
import static dev.reprise.samples.SampleClient.parse;
import static dev.reprise.samples.SampleClient.runToCompletion;
import static dev.reprise.samples.SampleClient.scheduledActivities;
import static dev.reprise.samples.SampleClient.start;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class ParallelTripsTest {

    @Test
    void parallelTrips_threeTrips_reportsCountAndSumOfTotals() {
        String id = start("ParallelTrips", """
                [{"conference":"KubeCon","origin":"Seattle","destination":"San Francisco"},
                 {"conference":"Devoxx","origin":"London","destination":"Antwerp"},
                 {"conference":"QCon","origin":"London","destination":"Amsterdam"}]""");
        JsonNode status = awaitFinished(id);

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Completed");
        // 2320 (flight) + 1365 (train fallback) + 1930 (flight): 1250 + 140 + 3 x 180.
        assertThat(status.get("output")).isEqualTo(parse("{\"trips\":3,\"total\":5615}"));

        List<JsonNode> children = historyEvents(id, "SubOrchestrationInstanceCreated");
        assertThat(children).hasSize(3).allSatisfy(c -> assertThat(c.path("name").asText()).isEqualTo("BookTrip"));
        List<Integer> childTotals = children.stream()
                .map(c -> awaitFinished(c.path("instanceId").asText()).get("output").path("total").asInt())
                .toList();
        assertThat(childTotals).containsExactly(2320, 1365, 1930);
        assertThat(scheduledActivities(id)).containsExactly("ReportExpenses");
    }

    @Test
    void parallelTrips_emptyList_reportsNothing() {
        assertThat(runToCompletion("ParallelTrips", "[]")).isEqualTo(parse("{\"trips\":0,\"total\":0}"));
    }

    @Test
    void parallelTrips_oneTripFails_failsWithoutReport() {
        String id = start("ParallelTrips", """
                [{"conference":"KubeCon","origin":"Seattle","destination":"San Francisco"},
                 {"conference":"QCon","origin":"Seattle","destination":"Antarctica"}]""");
        JsonNode status = awaitFinished(id);

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Failed");
        assertThat(status.get("failureDetails").path("errorMessage").asText())
                .contains("BookHotel failed: No hotel available in Antarctica");
        assertThat(scheduledActivities(id)).isEmpty();

        List<JsonNode> children = historyEvents(id, "SubOrchestrationInstanceCreated");
        assertThat(children).hasSize(2);
        assertThat(awaitFinished(children.get(0).path("instanceId").asText()).path("runtimeStatus").asText())
                .isEqualTo("Completed");
        assertThat(awaitFinished(children.get(1).path("instanceId").asText()).path("runtimeStatus").asText())
                .isEqualTo("Failed");
    }
}
