package dev.reprise.http;

import dev.reprise.api.DurableClient;
import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.engine.Eventually;
import dev.reprise.engine.TestFunctions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.reprise.http.HttpApi.ROOT;
import static dev.reprise.http.HttpApi.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code showHistory=true} answers Durable Functions' history shape: the example payload of its HTTP API reference
 * ("Get instance status") and the extension's shaping of the Durable Task history (DurableClient's
 * GetDurableOrchestrationStatusAsync): PascalCase fields, each completion merged with the event that scheduled it
 * (FunctionName, ScheduledTime; the scheduling event left out unless it still waits), OrchestratorStarted and
 * OrchestratorCompleted left out, inputs left out, Result only with showHistoryOutput=true, Reason and Details on
 * failures, TimerFired without its TimerId, EventRaised without its Input, ExecutionTerminated without its reason.
 */
@QuarkusTest
class DurableFunctionsHistoryHttpTest {

    /** Field names Reprise's own format uses; none may appear in Durable Functions' shape. */
    private static final Set<String> REPRISE_FIELDS = Set.of("eventType", "timestamp", "taskId", "name", "input",
            "result", "failure", "instanceId", "fireAt", "reason", "status");

    @Inject
    DurableClient client;

    @Inject
    Clock clock;

    private static List<Map<String, Object>> history(String id, boolean withOutput) {
        Response r = given().queryParam("showHistory", true).queryParam("showHistoryOutput", withOutput)
                .get(ROOT + "/instances/{id}", id);
        assertThat(r.statusCode()).as(r.asString()).isIn(200, 202);
        return r.jsonPath().getList("historyEvents");
    }

    private static Map<String, Object> single(List<Map<String, Object>> events, String type) {
        List<Map<String, Object>> found = events.stream().filter(e -> type.equals(e.get("EventType"))).toList();
        assertThat(found).as("%s events in %s", type, events).hasSize(1);
        return found.get(0);
    }

    @Test
    void completedInstance_historyHasDurableFunctionsShape() {
        String id = Eventually.uniqueId("http-dfhistory");
        HttpApi.started(FidelityFunctions.EVERY_EVENT, id, "\"Oslo\"");
        Eventually.until("the instance to wait for its event", () -> HttpApi.status(id),
                s -> "waiting".equals(s.jsonPath().getString("customStatus")));
        given().contentType(ContentType.JSON).body("\"go!\"")
                .post(ROOT + "/instances/{id}/raiseEvent/{event}", id, FidelityFunctions.GO_EVENT).then()
                .statusCode(202);
        awaitStatus(id, "Completed");

        List<Map<String, Object>> events = history(id, false);
        List<Map<String, Object>> withOutput = history(id, true);

        assertThat(events).extracting(e -> e.get("EventType")).containsExactly("ExecutionStarted", "TaskCompleted",
                "TaskFailed", "SubOrchestrationInstanceCompleted", "TimerCreated", "TimerFired", "EventRaised",
                "ExecutionCompleted");
        assertThat(events).allSatisfy(e -> {
            assertThat(e).containsKeys("EventType", "Timestamp")
                    .doesNotContainKeys(REPRISE_FIELDS.toArray(String[]::new));
            assertThat(Instant.parse((String) e.get("Timestamp"))).isNotNull();
        });
        assertThat(single(events, "ExecutionStarted"))
                .containsOnlyKeys("EventType", "Timestamp", "FunctionName")
                .containsEntry("FunctionName", FidelityFunctions.EVERY_EVENT);
        Map<String, Object> completed = single(events, "TaskCompleted");
        assertThat(completed).containsOnlyKeys("EventType", "Timestamp", "FunctionName", "ScheduledTime")
                .containsEntry("FunctionName", TestFunctions.GREET);
        assertThat(Instant.parse((String) completed.get("ScheduledTime")))
                .isBeforeOrEqualTo(Instant.parse((String) completed.get("Timestamp")));
        Map<String, Object> failed = single(events, "TaskFailed");
        assertThat(failed).containsKeys("Reason", "Details", "ScheduledTime")
                .containsEntry("FunctionName", TestFunctions.FLAKY)
                .containsEntry("Reason", "TestFlaky attempt 1 fails on purpose");
        assertThat((String) failed.get("Details")).contains("IllegalStateException");
        assertThat(single(events, "SubOrchestrationInstanceCompleted"))
                .containsOnlyKeys("EventType", "Timestamp", "FunctionName", "ScheduledTime")
                .containsEntry("FunctionName", TestFunctions.SUB_CHILD);
        assertThat(single(events, "TimerCreated")).containsOnlyKeys("EventType", "Timestamp", "FireAt");
        assertThat(single(events, "TimerFired")).containsOnlyKeys("EventType", "Timestamp", "FireAt");
        assertThat(single(events, "EventRaised")).containsOnlyKeys("EventType", "Timestamp", "Name")
                .containsEntry("Name", FidelityFunctions.GO_EVENT);
        assertThat(single(events, "ExecutionCompleted")).containsOnlyKeys("EventType", "Timestamp",
                "OrchestrationStatus").containsEntry("OrchestrationStatus", "Completed");

        // showHistoryOutput=true adds the results, embedded as JSON, and nothing else.
        assertThat(single(withOutput, "TaskCompleted")).containsEntry("Result", "Hello Oslo!");
        assertThat(single(withOutput, "SubOrchestrationInstanceCompleted"))
                .containsEntry("Result", "child(Hello Oslo!)");
        assertThat(single(withOutput, "ExecutionCompleted"))
                .containsEntry("Result", List.of("Hello Oslo!", "child(Hello Oslo!)", "go!"));
        assertThat(single(withOutput, "EventRaised")).doesNotContainKeys("Input", "Result");
        assertThat(single(withOutput, "ExecutionStarted")).doesNotContainKeys("Input", "Result");
        assertThat(single(withOutput, "TaskFailed")).doesNotContainKey("Result");
    }

    @Test
    void activityStillRunning_showsItsTaskScheduledAlone_thenMergedOnceDone() {
        String id = Eventually.uniqueId("http-dfhistory-pending");
        HttpApi.started(TestFunctions.GATED, id, null);
        List<Map<String, Object>> waiting = Eventually.until("the activity to be scheduled", () -> history(id, true),
                h -> h != null && h.stream().anyMatch(e -> "TaskScheduled".equals(e.get("EventType"))));

        assertThat(single(waiting, "TaskScheduled")).containsOnlyKeys("EventType", "Timestamp", "Name")
                .containsEntry("Name", TestFunctions.GATE);
        TestFunctions.openGate(id);
        awaitStatus(id, "Completed");
        List<Map<String, Object>> done = history(id, true);
        assertThat(done).extracting(e -> e.get("EventType")).containsExactly("ExecutionStarted", "TaskCompleted",
                "ExecutionCompleted");
        assertThat(single(done, "TaskCompleted")).containsEntry("FunctionName", TestFunctions.GATE)
                .containsEntry("Result", "gate opened");
    }

    @Test
    void failedInstance_executionCompletedCarriesStatusAndFailureDetails() {
        String id = Eventually.uniqueId("http-dfhistory-failed");
        HttpApi.started(TestFunctions.FAIL, id, "\"nope\"");
        awaitStatus(id, "Failed");

        Map<String, Object> completed = single(history(id, false), "ExecutionCompleted");

        assertThat(completed).containsEntry("OrchestrationStatus", "Failed").doesNotContainKey("Result");
        assertThat(completed.get("FailureDetails")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("ErrorType", "java.lang.IllegalStateException")
                .containsEntry("ErrorMessage", "TestFail failed on purpose: nope")
                .containsKeys("StackTrace", "InnerFailure", "IsNonRetriable");
    }

    @Test
    void suspendedResumedTerminated_keepReasonsButTheTermination() {
        String id = Eventually.uniqueId("http-dfhistory-terminated");
        HttpApi.started(TestFunctions.WAIT_FOR_EVENT, id, null);
        awaitStatus(id, "Running");
        given().queryParam("reason", "pause").post(ROOT + "/instances/{id}/suspend", id).then().statusCode(202);
        awaitStatus(id, "Suspended");
        given().queryParam("reason", "go on").post(ROOT + "/instances/{id}/resume", id).then().statusCode(202);
        awaitStatus(id, "Running");
        given().queryParam("reason", "enough").post(ROOT + "/instances/{id}/terminate", id).then().statusCode(202);
        awaitStatus(id, "Terminated");

        List<Map<String, Object>> events = history(id, true);

        assertThat(events).extracting(e -> e.get("EventType")).containsExactly("ExecutionStarted",
                "ExecutionSuspended", "ExecutionResumed", "ExecutionTerminated");
        assertThat(single(events, "ExecutionSuspended")).containsEntry("Reason", "pause");
        assertThat(single(events, "ExecutionResumed")).containsEntry("Reason", "go on");
        assertThat(single(events, "ExecutionTerminated")).containsOnlyKeys("EventType", "Timestamp");
    }

    /** The extension reads no history for a Pending instance, and the field is left out when it has none. */
    @Test
    void pendingInstance_hasNoHistoryEvents() {
        String id = Eventually.uniqueId("http-dfhistory-pending-start");
        client.scheduleNewOrchestration(TestFunctions.ECHO, 1,
                        new NewOrchestrationOptions(id, clock.instant().plus(Duration.ofHours(1))))
                .await().atMost(Duration.ofSeconds(30));

        Response r = given().queryParam("showHistory", true).get(ROOT + "/instances/{id}", id);

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.jsonPath().getMap("")).doesNotContainKey("historyEvents");
        given().post(ROOT + "/instances/{id}/terminate", id).then().statusCode(202);
    }

    @Test
    void historyFormatReprise_keepsEveryEventAsRepriseRecordsIt() {
        String id = Eventually.uniqueId("http-dfhistory-reprise");
        HttpApi.started(TestFunctions.CHAIN, id, "[\"Rome\"]");
        awaitStatus(id, "Completed");

        List<Map<String, Object>> events = given().queryParam("showHistory", true)
                .queryParam("historyFormat", "reprise").get(ROOT + "/instances/{id}", id).jsonPath()
                .getList("historyEvents");

        assertThat(events).extracting(e -> e.get("eventType")).containsSubsequence("OrchestratorStarted",
                "ExecutionStarted", "TaskScheduled", "OrchestratorCompleted", "OrchestratorStarted", "TaskCompleted",
                "ExecutionCompleted", "OrchestratorCompleted");
        assertThat(events).allSatisfy(e -> assertThat(e).containsKeys("eventType", "timestamp")
                .doesNotContainKeys("EventType", "Timestamp"));
    }
}
