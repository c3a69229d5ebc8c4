package dev.reprise.http;

import dev.reprise.api.DurableClient;
import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.engine.Eventually;
import dev.reprise.engine.TestFunctions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.reprise.http.HttpApi.ROOT;
import static dev.reprise.http.HttpApi.assertJsonError;
import static dev.reprise.http.HttpApi.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /instances/{instanceId}: status codes, headers, and the showInput / showHistory / showHistoryOutput /
 * returnInternalServerErrorOnFailure flags; the history in Reprise's own format (historyFormat=reprise). Durable
 * Functions' history shape is {@link DurableFunctionsHistoryHttpTest}'s.
 */
@QuarkusTest
class InstanceStatusHttpTest {

    @Inject
    DurableClient client;

    /** The engine's clock: startAt is engine time, which tests may have moved ahead of wall-clock time. */
    @Inject
    Clock clock;

    private static Response get(String id, Map<String, ?> query) {
        return given().queryParams(query).get(ROOT + "/instances/{id}", id);
    }

    @Test
    void status_runningInstance_returns202WithLocationAndRetryAfter() {
        String id = Eventually.uniqueId("http-status-running");
        HttpApi.started(TestFunctions.WAIT_FOR_EVENT, id, "\"in\"");

        Response r = awaitStatus(id, "Running");

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.header("Location")).endsWith(ROOT + "/instances/" + id + "?" + HttpApi.hubQuery());
        assertThat(r.header("Retry-After")).isNotBlank();
        assertThat(r.jsonPath().getString("name")).isEqualTo(TestFunctions.WAIT_FOR_EVENT);
        assertThat(r.jsonPath().getString("instanceId")).isEqualTo(id);
        assertThat(r.jsonPath().getString("input")).isEqualTo("in");
        assertThat(r.jsonPath().getString("output")).isNull();
        assertThat(r.jsonPath().getString("createdTime")).isNotBlank();
        assertThat(r.jsonPath().getString("lastUpdatedTime")).isNotBlank();
        given().post(ROOT + "/instances/{id}/terminate", id).then().statusCode(202);
    }

    @Test
    void status_pendingInstance_returns202WithLocation() {
        String id = Eventually.uniqueId("http-status-pending");
        // Scheduled an hour ahead, so it is certainly still Pending when read.
        client.scheduleNewOrchestration(TestFunctions.ECHO, 1,
                new NewOrchestrationOptions(id, clock.instant().plus(Duration.ofHours(1))))
                .await().atMost(Duration.ofSeconds(30));

        Response r = HttpApi.status(id);

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.jsonPath().getString("runtimeStatus")).isEqualTo("Pending");
        assertThat(r.header("Location")).endsWith(ROOT + "/instances/" + id + "?" + HttpApi.hubQuery());
        given().queryParam("reason", "never mind").post(ROOT + "/instances/{id}/terminate", id).then().statusCode(202);
        assertThat(awaitStatus(id, "Terminated").jsonPath().getString("output")).isEqualTo("never mind");
    }

    @Test
    void status_completedInstance_returns200WithOutputAndNoLocation() {
        String id = Eventually.uniqueId("http-status-done");
        HttpApi.started(TestFunctions.CHAIN, id, "[\"Oslo\",\"Rome\"]");

        Response r = awaitStatus(id, "Completed");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("Location")).isNull();
        assertThat(r.jsonPath().getList("input")).isEqualTo(List.of("Oslo", "Rome"));
        assertThat(r.jsonPath().getList("output")).isEqualTo(List.of("Hello Oslo!", "Hello Rome!"));
        assertThat(r.jsonPath().getMap("")).doesNotContainKeys("historyEvents", "failureDetails");
    }

    @Test
    void status_unknownInstance_returns404Json() {
        Response r = HttpApi.status(Eventually.uniqueId("http-status-unknown"));

        assertJsonError(r, 404, "InstanceNotFound");
    }

    @Test
    void status_instanceIdWithNulCharacter_returns400JsonNot500() {
        // No stored ID can hold U+0000 (start requests reject control characters; PostgreSQL text cannot store it).
        Response r = HttpApi.status("nul\u0000id");

        assertJsonError(r, 400, "InvalidRequest");
        assertThat(r.jsonPath().getString("message")).contains("instanceId").contains("U+0000");
        assertJsonError(get("nul\u0000id", Map.of("showHistory", true)), 400, "InvalidRequest");
    }

    @Test
    void status_instanceIdThatCouldNeverExist_returns400JsonNamingTheRule() {
        Response tooLong = HttpApi.status("x".repeat(257));
        Response hash = HttpApi.status("a#b");
        Response backslash = HttpApi.status("a\\b");

        assertJsonError(tooLong, 400, "InvalidRequest");
        assertThat(tooLong.jsonPath().getString("message")).contains("257").contains("256");
        assertJsonError(hash, 400, "InvalidRequest");
        assertThat(hash.jsonPath().getString("message")).contains("'#'");
        assertJsonError(backslash, 400, "InvalidRequest");
    }

    @Test
    void status_showInputFalse_returnsNullInput() {
        String id = Eventually.uniqueId("http-status-noinput");
        HttpApi.started(TestFunctions.ECHO, id, "{\"secret\":42}");
        awaitStatus(id, "Completed");

        Response hidden = get(id, Map.of("showInput", false));
        Response shown = get(id, Map.of("showInput", true));
        Response byDefault = get(id, Map.of());

        assertThat(hidden.statusCode()).isEqualTo(200);
        assertThat(hidden.jsonPath().getMap("")).containsEntry("input", null);
        assertThat(hidden.jsonPath().getMap("output")).isEqualTo(Map.of("secret", 42));
        assertThat(shown.jsonPath().getMap("input")).isEqualTo(Map.of("secret", 42));
        assertThat(byDefault.jsonPath().getMap("input")).isEqualTo(Map.of("secret", 42));
    }

    @Test
    void status_showHistoryInRepriseFormat_listsEveryEventWithoutPayloads() {
        String id = Eventually.uniqueId("http-status-history");
        HttpApi.started(TestFunctions.CHAIN, id, "[\"Kyiv\"]");
        awaitStatus(id, "Completed");

        Response r = get(id, Map.of("showHistory", true, "historyFormat", "reprise"));

        assertThat(r.statusCode()).isEqualTo(200);
        List<Map<String, Object>> events = r.jsonPath().getList("historyEvents");
        assertThat(events).extracting(e -> e.get("eventType")).containsSubsequence("OrchestratorStarted",
                "ExecutionStarted", "TaskScheduled", "OrchestratorCompleted", "OrchestratorStarted", "TaskCompleted",
                "ExecutionCompleted", "OrchestratorCompleted");
        assertThat(events).allSatisfy(e -> assertThat(e).doesNotContainKeys("input", "result", "type"));
        assertThat(events).filteredOn(e -> "TaskScheduled".equals(e.get("eventType")))
                .singleElement().satisfies(e -> assertThat(e).containsEntry("name", TestFunctions.GREET));
    }

    @Test
    void status_showHistoryOutputInRepriseFormat_includesPayloadsAsJson() {
        String id = Eventually.uniqueId("http-status-historyout");
        HttpApi.started(TestFunctions.CHAIN, id, "[\"Kyiv\"]");
        awaitStatus(id, "Completed");

        Response r = get(id, Map.of("showHistory", true, "showHistoryOutput", true, "historyFormat", "REPRISE"));

        List<Map<String, Object>> events = r.jsonPath().getList("historyEvents");
        assertThat(events).filteredOn(e -> "ExecutionStarted".equals(e.get("eventType"))).singleElement()
                .satisfies(e -> assertThat(e.get("input")).isEqualTo(List.of("Kyiv")));
        assertThat(events).filteredOn(e -> "TaskScheduled".equals(e.get("eventType"))).singleElement()
                .satisfies(e -> assertThat(e.get("input")).isEqualTo("Kyiv"));
        assertThat(events).filteredOn(e -> "TaskCompleted".equals(e.get("eventType"))).singleElement()
                .satisfies(e -> assertThat(e.get("result")).isEqualTo("Hello Kyiv!"));
        assertThat(events).filteredOn(e -> "ExecutionCompleted".equals(e.get("eventType"))).singleElement()
                .satisfies(e -> assertThat(e.get("result")).isEqualTo(List.of("Hello Kyiv!")));
    }

    @Test
    void status_showHistoryOutputWithoutShowHistory_hasNoHistory() {
        String id = Eventually.uniqueId("http-status-nohistory");
        HttpApi.started(TestFunctions.ECHO, id, "1");
        awaitStatus(id, "Completed");

        Response r = get(id, Map.of("showHistoryOutput", true));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getMap("")).doesNotContainKey("historyEvents");
    }

    @Test
    void status_failedInstance_returns200WithFailureDetails() {
        String id = Eventually.uniqueId("http-status-failed");
        HttpApi.started(TestFunctions.FAIL, id, "\"bad input\"");

        Response r = awaitStatus(id, "Failed");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getString("failureDetails.errorType")).isEqualTo("java.lang.IllegalStateException");
        assertThat(r.jsonPath().getString("failureDetails.errorMessage"))
                .isEqualTo("TestFail failed on purpose: bad input");
        assertThat(r.jsonPath().getString("output")).isNull();
    }

    /**
     * Durable Functions' HTTP API reference, "Get instance status": returnInternalServerErrorOnFailure=true answers
     * 500 instead of 200 for a Failed instance (HttpApiHandler.HandleGetStatusRequestAsync), with the same body.
     */
    @Test
    void status_returnInternalServerErrorOnFailure_answers500ForFailedOnly() {
        String failed = Eventually.uniqueId("http-status-500");
        String done = Eventually.uniqueId("http-status-500-done");
        String running = Eventually.uniqueId("http-status-500-running");
        HttpApi.started(TestFunctions.FAIL, failed, "\"boom\"");
        HttpApi.started(TestFunctions.ECHO, done, "1");
        HttpApi.started(TestFunctions.WAIT_FOR_EVENT, running, null);
        awaitStatus(failed, "Failed");
        awaitStatus(done, "Completed");
        awaitStatus(running, "Running");
        Map<String, Object> on = Map.of("returnInternalServerErrorOnFailure", true);

        Response failed500 = get(failed, on);

        assertThat(failed500.statusCode()).isEqualTo(500);
        assertThat(failed500.contentType()).startsWith("application/json");
        assertThat(failed500.jsonPath().getString("runtimeStatus")).isEqualTo("Failed");
        assertThat(failed500.jsonPath().getString("instanceId")).isEqualTo(failed);
        assertThat(failed500.jsonPath().getString("failureDetails.errorMessage"))
                .isEqualTo("TestFail failed on purpose: boom");
        assertThat(failed500.header("Location")).isNull();
        assertThat(get(failed, Map.of("returnInternalServerErrorOnFailure", false)).statusCode()).isEqualTo(200);
        assertThat(get(failed, Map.of()).statusCode()).isEqualTo(200);
        assertThat(get(done, on).statusCode()).isEqualTo(200);
        assertThat(get(running, on).statusCode()).isEqualTo(202);
        given().post(ROOT + "/instances/{id}/terminate", running).then().statusCode(202);
        assertThat(awaitStatus(running, "Terminated").statusCode()).isEqualTo(200);
        assertThat(get(running, on).statusCode()).as("Terminated is not a failure").isEqualTo(200);
    }

    @Test
    void status_invalidFlag_returns400Json() {
        String id = Eventually.uniqueId("http-status-badflag");
        HttpApi.started(TestFunctions.ECHO, id, "1");

        Response r = get(id, Map.of("showHistory", "sometimes"));

        assertJsonError(r, 400, "InvalidRequest");
        assertThat(r.jsonPath().getString("message")).contains("showHistory");
    }
}
