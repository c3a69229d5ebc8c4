package dev.reprise.samples;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static dev.reprise.samples.SampleClient.awaitFinished;
import static dev.reprise.samples.SampleClient.historyEvents;
import static dev.reprise.samples.SampleClient.parse;
import static dev.reprise.samples.SampleClient.scheduledActivities;
import static dev.reprise.samples.SampleClient.start;
import static dev.reprise.samples.SampleClient.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed examples of "Making Sense of Azure Durable Functions", run as a reader types them: the article's
 * orchestrator names, its conferences, and the README's walk-through outputs.
 */
@QuarkusTest
class ServerlessDaysTripsTest {

    /** ServerlessDays (500, 2 nights) + London-Amsterdam 140 + 2 nights x 180 in Amsterdam. */
    static final String AMSTERDAM_FROM_LONDON = """
            {"conference":{"name":"ServerlessDays Amsterdam","fee":500,"nights":2},
             "transport":{"type":"flight","origin":"London","destination":"Amsterdam","fare":140},
             "hotel":{"city":"Amsterdam","nights":2,"nightlyRate":180,"cost":360},
             "total":1000}""";

    /** ServerlessDays (500, 2 nights) + London-Hamburg 210 + 2 nights x 200 in Hamburg. */
    static final String HAMBURG_FROM_LONDON = """
            {"conference":{"name":"ServerlessDays Hamburg","fee":500,"nights":2},
             "transport":{"type":"flight","origin":"London","destination":"Hamburg","fare":210},
             "hotel":{"city":"Hamburg","nights":2,"nightlyRate":200,"cost":400},
             "total":1110}""";

    @Test
    void sequentialWorkflow_noInput_booksServerlessDaysConferenceFlightAndHotelInTurn() {
        String id = start("SequentialWorkflow", null);
        JsonNode status = awaitFinished(id);

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Completed");
        assertThat(status.get("output")).isEqualTo(parse(AMSTERDAM_FROM_LONDON
                .replace("ServerlessDays Amsterdam", "ServerlessDays")));
        assertThat(scheduledActivities(id)).containsExactly("BookConference", "BookFlight", "BookHotel");
        List<JsonNode> scheduled = historyEvents(id, "TaskScheduled");
        assertThat(scheduled.get(0).path("input")).isEqualTo(parse("\"ServerlessDays\""));
    }

    @Test
    void sequentialWorkflow_dotNetShapedTrip_booksIt() {
        JsonNode status = awaitFinished(start("SequentialWorkflow",
                "{\"Conference\":\"ServerlessDays Hamburg\",\"Origin\":\"Munich\",\"Destination\":\"Hamburg\"}"));

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Completed");
        // 500 + Munich-Hamburg 150 + 2 x 200.
        assertThat(status.get("output").path("transport").path("origin").asText()).isEqualTo("Munich");
        assertThat(status.get("output").path("total").asInt()).isEqualTo(1050);
    }

    @Test
    void sequentialWorkflow_noFlight_failsAtBookFlightWithoutRetryOrFallback() {
        String id = start("SequentialWorkflow", "{\"destination\":\"Antwerp\"}");
        JsonNode status = awaitFinished(id);

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Failed");
        assertThat(status.get("failureDetails").path("errorMessage").asText())
                .contains("BookFlight").contains("No flight route from London to Antwerp");
        assertThat(scheduledActivities(id)).containsExactly("BookConference", "BookFlight");
    }

    @Test
    void combinedOrchestrator_noInput_booksAmsterdamThenHamburgAsSubOrchestrations() {
        String id = start("CombinedOrchestrator", null);
        JsonNode status = awaitFinished(id);

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Completed");
        assertThat(status.get("output")).isEqualTo(parse("[" + AMSTERDAM_FROM_LONDON + "," + HAMBURG_FROM_LONDON + "]"));
        // One after the other: the Hamburg trip starts only once the Amsterdam trip completed.
        assertThat(subOrchestrationSteps(id)).containsExactly("Created BookTrip", "Completed", "Created BookTrip",
                "Completed");
        assertThat(scheduledActivities(id)).isEmpty();
    }

    @Test
    void parallelWorkflow_noInput_booksBothTripsAtOnceThenReportsExpenses() {
        String id = start("ParallelWorkflow", null);
        JsonNode status = awaitFinished(id);

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Completed");
        assertThat(status.get("output")).isEqualTo(parse("{\"trips\":2,\"total\":2110}"));
        // Fan-out: both trips start in the first step, before either completes.
        assertThat(subOrchestrationSteps(id).subList(0, 2)).containsExactly("Created BookTrip", "Created BookTrip");
        assertThat(scheduledActivities(id)).containsExactly("ReportExpenses");
    }

    /** ServerlessDays trips from several origins, each to the conference's own city. */
    @ParameterizedTest
    @CsvSource({
            "Munich,  Amsterdam, 170, 1030",
            "Seattle, Amsterdam, 810, 1670",
            "Berlin,  Amsterdam, 220, 1080",
            "Munich,  Hamburg,   150, 1050",
            "Seattle, Hamburg,   790, 1690",
            "Paris,   Hamburg,   200, 1100"})
    void bookTrip_serverlessDaysFromAnOrigin_completesWithAFlight(String origin, String city, int fare, int total) {
        String id = start("BookTrip", "{\"conference\":\"ServerlessDays " + city + "\",\"origin\":\"" + origin
                + "\",\"destination\":\"" + city + "\"}");
        JsonNode status = awaitFinished(id);

        assertThat(status.path("runtimeStatus").asText()).as(origin + " to " + city).isEqualTo("Completed");
        JsonNode output = status.get("output");
        assertThat(output.path("conference")).isEqualTo(parse(
                "{\"name\":\"ServerlessDays " + city + "\",\"fee\":500,\"nights\":2}"));
        assertThat(output.path("transport")).isEqualTo(parse("{\"type\":\"flight\",\"origin\":\"" + origin
                + "\",\"destination\":\"" + city + "\",\"fare\":" + fare + "}"));
        assertThat(output.path("total").asInt()).isEqualTo(total);
    }

    @Test
    void combinedOrchestrator_fromMunich_booksBothTripsFromMunich() {
        JsonNode status = awaitFinished(start("CombinedOrchestrator", "{\"origin\":\"Munich\"}"));

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Completed");
        List<Integer> totals = new ArrayList<>();
        status.get("output").forEach(trip -> totals.add(trip.path("total").asInt()));
        assertThat(totals).containsExactly(1030, 1050);
    }

    @Test
    void parallelWorkflow_dotNetShapedOriginSeattle_reportsBothTrips() {
        JsonNode status = awaitFinished(start("ParallelWorkflow", "{\"Origin\":\"Seattle\"}"));

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Completed");
        assertThat(status.get("output")).isEqualTo(parse("{\"trips\":2,\"total\":3360}"));
    }

    @Test
    void parallelWorkflow_tripFromTheConferenceCity_failsWithThatTripsFailure() {
        String id = start("ParallelWorkflow", "{\"origin\":\"Hamburg\"}");
        JsonNode status = awaitFinished(id);

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Failed");
        assertThat(status.get("failureDetails").path("errorMessage").asText())
                .contains("BookTrip needs an origin and a different destination");
        assertThat(scheduledActivities(id)).isEmpty();
    }

    /** "Created name" or "Completed"/"Failed" for each sub-orchestration event, in history order. */
    private static List<String> subOrchestrationSteps(String id) {
        List<String> steps = new ArrayList<>();
        for (JsonNode event : status(id, true).path("historyEvents")) {
            switch (event.path("eventType").asText()) {
                case "SubOrchestrationInstanceCreated" -> steps.add("Created " + event.path("name").asText());
                case "SubOrchestrationInstanceCompleted" -> steps.add("Completed");
                case "SubOrchestrationInstanceFailed" -> steps.add("Failed");
                default -> { }
            }
        }
        return steps;
    }
}
