package dev.reprise.samples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Drives the samples through the HTTP management API only: start, poll the status until it is final, raise events,
 * read history.
 */
final class SampleClient {

    static final String BASE = "/runtime/webhooks/durabletask";
    static final ObjectMapper JSON = new ObjectMapper();

    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(60);
    private static final long POLL_INTERVAL_MS = 100;
    private static final Set<String> FINAL = Set.of("Completed", "Failed", "Terminated");

    private SampleClient() {
    }

    /** Starts orchestrator {@code name} with {@code jsonBody} (may be {@code null} for no input); returns the ID. */
    static String start(String name, String jsonBody) {
        var request = given().contentType(ContentType.JSON);
        if (jsonBody != null) {
            request = request.body(jsonBody);
        }
        Response response = request.post(BASE + "/orchestrators/" + name);
        assertThat(response.statusCode()).as("start %s: %s", name, response.asString()).isEqualTo(202);
        String id = response.jsonPath().getString("id");
        assertThat(id).as("instance ID in %s", response.asString()).isNotBlank();
        return id;
    }

    /** The status of {@code instanceId} as JSON, with its history (and the events' payloads) when {@code showHistory}. */
    static JsonNode status(String instanceId, boolean showHistory) {
        // Reprise's own history format: these tests read every event as Reprise records it.
        Response response = given().queryParam("showHistory", showHistory)
                .queryParam("showHistoryOutput", showHistory).queryParam("historyFormat", "reprise")
                .get(BASE + "/instances/" + instanceId);
        assertThat(response.statusCode()).as("status of %s: %s", instanceId, response.asString()).isIn(200, 202);
        return parse(response.asString());
    }

    /** Polls until the instance is Completed, Failed or Terminated (at most 60 s); returns its final status. */
    static JsonNode awaitFinished(String instanceId) {
        return awaitStatus(instanceId, s -> FINAL.contains(s.path("runtimeStatus").asText()), "finished", null);
    }

    /**
     * Polls until {@code condition} holds for the status (at most 60 s); every status seen goes to {@code seen} when
     * it is not {@code null}.
     */
    static JsonNode awaitStatus(String instanceId, Predicate<JsonNode> condition, String what, List<JsonNode> seen) {
        long deadline = System.nanoTime() + POLL_TIMEOUT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = status(instanceId, false);
            if (seen != null) {
                seen.add(last);
            }
            if (condition.test(last)) {
                return last;
            }
            try {
                Thread.sleep(POLL_INTERVAL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while polling " + instanceId, e);
            }
        }
        return fail("instance %s not %s within %s; last status: %s", instanceId, what, POLL_TIMEOUT, last);
    }

    /** Starts {@code name} and waits for it to finish; asserts it Completed and returns its output. */
    static JsonNode runToCompletion(String name, String jsonBody) {
        JsonNode status = awaitFinished(start(name, jsonBody));
        assertThat(status.path("runtimeStatus").asText()).as("final status %s", status).isEqualTo("Completed");
        return status.get("output");
    }

    /** Raises {@code eventName} with {@code jsonData}; asserts 202 Accepted. */
    static void raiseEvent(String instanceId, String eventName, String jsonData) {
        Response response = given().contentType(ContentType.JSON).body(jsonData)
                .post(BASE + "/instances/" + instanceId + "/raiseEvent/" + eventName);
        assertThat(response.statusCode()).as("raise %s: %s", eventName, response.asString()).isEqualTo(202);
    }

    /** The names of the activities scheduled, in history order (one entry per attempt). */
    static List<String> scheduledActivities(String instanceId) {
        List<String> names = new ArrayList<>();
        for (JsonNode event : status(instanceId, true).path("historyEvents")) {
            if ("TaskScheduled".equals(event.path("eventType").asText())) {
                names.add(event.path("name").asText());
            }
        }
        return names;
    }

    /** The history events of {@code instanceId} with type {@code eventType}. */
    static List<JsonNode> historyEvents(String instanceId, String eventType) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode event : status(instanceId, true).path("historyEvents")) {
            if (eventType.equals(event.path("eventType").asText())) {
                out.add(event);
            }
        }
        return out;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
