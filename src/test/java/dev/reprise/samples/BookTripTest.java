package dev.reprise.samples;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.reprise.samples.SampleClient.awaitFinished;
import static dev.reprise.samples.SampleClient.historyEvents;
import static dev.reprise.samples.SampleClient.parse;
import static dev.reprise.samples.SampleClient.scheduledActivities;
import static dev.reprise.samples.SampleClient.start;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class BookTripTest {

    static final String TRIP_EXCEPTION = "dev.reprise.samples.BookTrip$TripBookingException";

    @Test
    void bookTrip_flightRoute_booksFlightAndHotel() {
        String id = start("BookTrip",
                "{\"conference\":\"KubeCon\",\"origin\":\"Seattle\",\"destination\":\"San Francisco\"}");
        JsonNode status = awaitFinished(id);

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Completed");
        assertThat(status.get("output")).isEqualTo(parse("""
                {"conference":{"name":"KubeCon","fee":1100,"nights":4},
                 "transport":{"type":"flight","origin":"Seattle","destination":"San Francisco","fare":180},
                 "hotel":{"city":"San Francisco","nights":4,"nightlyRate":260,"cost":1040},
                 "total":2320}"""));
        assertThat(scheduledActivities(id)).containsExactly("BookConference", "BookFlight", "BookHotel");
    }

    @Test
    void bookTrip_noFlightRoute_fallsBackToTrain() {
        String id = start("BookTrip",
                "{\"conference\":\"Devoxx\",\"origin\":\"London\",\"destination\":\"Antwerp\"}");
        JsonNode status = awaitFinished(id);

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Completed");
        assertThat(status.get("output")).isEqualTo(parse("""
                {"conference":{"name":"Devoxx","fee":850,"nights":3},
                 "transport":{"type":"train","origin":"London","destination":"Antwerp","fare":95},
                 "hotel":{"city":"Antwerp","nights":3,"nightlyRate":140,"cost":420},
                 "total":1365}"""));
        // Three attempts at the flight (the retry policy), then the train.
        assertThat(scheduledActivities(id)).containsExactly("BookConference", "BookFlight", "BookFlight",
                "BookFlight", "BookTrain", "BookHotel");
        List<JsonNode> failed = historyEvents(id, "TaskFailed");
        assertThat(failed).hasSize(3).allSatisfy(e -> assertThat(e.path("failure").path("errorMessage").asText())
                .isEqualTo("No flight route from London to Antwerp"));
        // The waits between attempts are durable timers: 1 s, then 2 s.
        assertThat(historyEvents(id, "TimerCreated")).hasSize(2);
    }

    @Test
    void bookTrip_noHotelAfterFlight_cancelsFlightAndConferenceAndFails() {
        // Antarctica has an airport but no hotel (Paris, the destination without a hotel before issue 13, has one).
        String id = start("BookTrip",
                "{\"conference\":\"QCon\",\"origin\":\"Seattle\",\"destination\":\"Antarctica\"}");
        JsonNode status = awaitFinished(id);

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Failed");
        assertThat(status.get("output").isNull()).isTrue();
        JsonNode failure = status.get("failureDetails");
        assertThat(failure.path("errorType").asText()).isEqualTo(TRIP_EXCEPTION);
        assertThat(failure.path("errorMessage").asText()).isEqualTo("BookHotel failed: No hotel available in "
                + "Antarctica; compensated with CancelFlight, CancelConference");
        assertThat(scheduledActivities(id)).containsExactly("BookConference", "BookFlight", "BookHotel",
                "CancelFlight", "CancelConference");
        assertCompensationsCompleted(id, "CancelFlight", "CancelConference");
    }

    @Test
    void bookTrip_noHotelAfterTrain_cancelsTrainAndConferenceAndFails() {
        // Vatican City has neither an airport nor a hotel: the flight fails, the train is booked, the hotel fails.
        String id = start("BookTrip",
                "{\"conference\":\"QCon\",\"origin\":\"London\",\"destination\":\"Vatican City\"}");
        JsonNode status = awaitFinished(id);

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Failed");
        assertThat(status.get("failureDetails").path("errorMessage").asText())
                .startsWith("BookHotel failed: No hotel available in Vatican City")
                .endsWith("; compensated with CancelTrain, CancelConference");
        assertThat(scheduledActivities(id)).containsExactly("BookConference", "BookFlight", "BookFlight",
                "BookFlight", "BookTrain", "BookHotel", "CancelTrain", "CancelConference");
        assertCompensationsCompleted(id, "CancelTrain", "CancelConference");
    }

    @Test
    void bookTrip_noFlightNorTrain_cancelsConferenceAndFails() {
        String id = start("BookTrip",
                "{\"conference\":\"KubeCon\",\"origin\":\"Seattle\",\"destination\":\"Antwerp\"}");
        JsonNode status = awaitFinished(id);

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Failed");
        assertThat(status.get("failureDetails").path("errorMessage").asText()).isEqualTo(
                "BookTrain failed: No train route from Seattle to Antwerp; compensated with CancelConference");
        assertThat(scheduledActivities(id)).containsExactly("BookConference", "BookFlight", "BookFlight",
                "BookFlight", "BookTrain", "CancelConference");
        assertCompensationsCompleted(id, "CancelConference");
    }

    @Test
    void bookTrip_conferenceWithoutListPrice_isBookedAtItsRulePrice() {
        // Before issue 13 an unlisted conference failed BookConference; now any conference is booked (README table).
        String id = start("BookTrip",
                "{\"conference\":\"JavaZone\",\"origin\":\"Seattle\",\"destination\":\"San Francisco\"}");
        JsonNode status = awaitFinished(id);

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Completed");
        assertThat(status.get("output")).isEqualTo(parse("""
                {"conference":{"name":"JavaZone","fee":400,"nights":3},
                 "transport":{"type":"flight","origin":"Seattle","destination":"San Francisco","fare":180},
                 "hotel":{"city":"San Francisco","nights":3,"nightlyRate":260,"cost":780},
                 "total":1360}"""));
        assertThat(scheduledActivities(id)).containsExactly("BookConference", "BookFlight", "BookHotel");
    }

    @Test
    void bookTrip_sameTripTwice_costsTheSame() {
        String trip = "{\"conference\":\"ServerlessDays\",\"origin\":\"Munich\",\"destination\":\"Berlin\"}";
        JsonNode first = awaitFinished(start("BookTrip", trip));
        JsonNode second = awaitFinished(start("BookTrip", trip.replace("Munich", " munich ")));

        assertThat(first.path("runtimeStatus").asText()).isEqualTo("Completed");
        // ServerlessDays 500 + Munich-Berlin 220 + 2 nights x 140 in Berlin.
        assertThat(first.get("output").path("total").asInt()).isEqualTo(1000);
        assertThat(second.get("output")).isEqualTo(first.get("output"));
    }

    @Test
    void bookTrip_parisWithAHotel_completes() {
        JsonNode status = awaitFinished(start("BookTrip",
                "{\"conference\":\"QCon\",\"origin\":\"Seattle\",\"destination\":\"Paris\"}"));

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Completed");
        assertThat(status.get("output")).isEqualTo(parse("""
                {"conference":{"name":"QCon","fee":1250,"nights":3},
                 "transport":{"type":"flight","origin":"Seattle","destination":"Paris","fare":780},
                 "hotel":{"city":"Paris","nights":3,"nightlyRate":140,"cost":420},
                 "total":2450}"""));
    }

    @Test
    void bookTrip_dotNetShapedInput_booksAsTheCamelCaseInput() {
        String id = start("BookTrip",
                "{\"Conference\":\"KubeCon\",\"Origin\":\"Seattle\",\"Destination\":\"San Francisco\"}");
        JsonNode status = awaitFinished(id);

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Completed");
        assertThat(status.get("output").path("conference").path("name").asText()).isEqualTo("KubeCon");
        assertThat(status.get("output").path("total").asInt()).isEqualTo(2320);
        assertThat(scheduledActivities(id)).containsExactly("BookConference", "BookFlight", "BookHotel");
    }

    @Test
    void bookTrip_misspeltProperty_failsNamingItBeforeBookingAnything() {
        String id = start("BookTrip",
                "{\"conference\":\"KubeCon\",\"origin\":\"Seattle\",\"destinaton\":\"San Francisco\"}");
        JsonNode status = awaitFinished(id);

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Failed");
        JsonNode failure = status.get("failureDetails");
        assertThat(failure.path("errorType").asText()).isEqualTo("dev.reprise.api.NonRetriableException");
        assertThat(failure.path("errorMessage").asText()).startsWith("Input of orchestration 'BookTrip' cannot be "
                + "read: Cannot read JSON as dev.reprise.samples.BookTrip$TripRequest: property 'destinaton' is not "
                + "recognised and 'destination' is empty: did you mean 'destination'? "
                + "(TripRequest reads [conference, origin, destination])");
        assertThat(scheduledActivities(id)).isEmpty();
    }

    @Test
    void bookTrip_noDestination_failsBeforeBookingAnything() {
        String id = start("BookTrip", "{\"conference\":\"KubeCon\",\"origin\":\"Seattle\"}");
        JsonNode status = awaitFinished(id);

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Failed");
        assertThat(status.get("failureDetails").path("errorMessage").asText())
                .startsWith("BookTrip needs an origin and a different destination");
        assertThat(scheduledActivities(id)).isEmpty();
    }

    @Test
    void bookTrip_blankConference_failsWithoutBooking() {
        String id = start("BookTrip", "{\"conference\":\" \",\"origin\":\"Seattle\",\"destination\":\"London\"}");
        JsonNode status = awaitFinished(id);

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Failed");
        assertThat(status.get("failureDetails").path("errorMessage").asText()).isEqualTo("BookConference failed: "
                + "No conference given; known conferences: [Devoxx, KubeCon, QCon]; nothing was booked");
        assertThat(scheduledActivities(id)).containsExactly("BookConference");
    }

    /** Every scheduled compensation has a TaskCompleted in history. */
    private static void assertCompensationsCompleted(String id, String... activities) {
        Set<Integer> completed = new HashSet<>();
        historyEvents(id, "TaskCompleted").forEach(e -> completed.add(e.path("taskId").asInt()));
        for (String activity : activities) {
            List<JsonNode> scheduled = historyEvents(id, "TaskScheduled").stream()
                    .filter(e -> activity.equals(e.path("name").asText())).toList();
            assertThat(scheduled).as(activity).hasSize(1);
            assertThat(completed).as(activity + " completed").contains(scheduled.get(0).path("taskId").asInt());
        }
    }
}
