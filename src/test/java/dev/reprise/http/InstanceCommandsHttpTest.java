package dev.reprise.http;

import dev.reprise.engine.Eventually;
import dev.reprise.engine.LifecycleFunctions;
import dev.reprise.engine.StoreQueries;
import dev.reprise.engine.TestFunctions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static dev.reprise.http.HttpApi.ROOT;
import static dev.reprise.http.HttpApi.assertJsonError;
import static dev.reprise.http.HttpApi.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** raiseEvent, terminate, suspend, resume and restart: status codes and their effect on the instance. */
@QuarkusTest
class InstanceCommandsHttpTest {

    @Inject
    StoreQueries store;

    private static Response raise(String id, String event, String json) {
        return given().contentType(ContentType.JSON).body(json)
                .post(ROOT + "/instances/{id}/raiseEvent/{event}", id, event);
    }

    private static Response command(String id, String command, String reason) {
        var request = given();
        if (reason != null) {
            request = request.queryParam("reason", reason);
        }
        return request.post(ROOT + "/instances/{id}/" + command, id);
    }

    /** A finished instance to send commands to. */
    private static String finishedInstance() {
        String id = Eventually.uniqueId("http-finished");
        HttpApi.started(TestFunctions.ECHO, id, "1");
        awaitStatus(id, "Completed");
        return id;
    }

    @Test
    void raiseEvent_waitingInstance_returns202AndDeliversData() {
        String id = Eventually.uniqueId("http-raise");
        HttpApi.started(TestFunctions.WAIT_FOR_EVENT, id, null);

        Response r = raise(id, TestFunctions.APPROVAL_EVENT, "{\"approved\":true,\"by\":\"ana\"}");

        assertThat(r.statusCode()).isEqualTo(202);
        Response done = awaitStatus(id, "Completed");
        assertThat(done.jsonPath().getMap("output")).isEqualTo(Map.of("approved", true, "by", "ana"));
    }

    @Test
    void raiseEvent_beforeInstanceRuns_isBufferedAndDelivered() {
        String id = Eventually.uniqueId("http-raise-early");
        HttpApi.started(TestFunctions.WAIT_FOR_EVENT, id, null);
        // no wait for Running: the event may well arrive while the instance is still Pending

        assertThat(raise(id, TestFunctions.APPROVAL_EVENT, "\"early\"").statusCode()).isEqualTo(202);

        assertThat(awaitStatus(id, "Completed").jsonPath().getString("output")).isEqualTo("early");
    }

    @Test
    void raiseEvent_unknownInstance_returns404Json() {
        assertJsonError(raise(Eventually.uniqueId("http-raise-unknown"), "Any", "1"), 404, "InstanceNotFound");
    }

    @Test
    void raiseEvent_finishedInstance_returns410Json() {
        Response r = raise(finishedInstance(), "Any", "1");

        assertJsonError(r, 410, "InstanceFinished");
        assertThat(r.jsonPath().getString("message")).contains("Completed");
    }

    @Test
    void raiseEvent_invalidJsonBody_returns400JsonAndDeliversNothing() {
        String id = Eventually.uniqueId("http-raise-badjson");
        HttpApi.started(TestFunctions.WAIT_FOR_EVENT, id, null);

        Response r = raise(id, TestFunctions.APPROVAL_EVENT, "approved, of course");

        assertJsonError(r, 400, "InvalidRequest");
        assertThat(store.inboxEventTypes(id)).doesNotContain("EventRaised");
        command(id, "terminate", "cleanup").then().statusCode(202);
    }

    @Test
    void raiseEvent_textBody_returns415JsonAndDeliversNothing() {
        String id = Eventually.uniqueId("http-raise-text");
        HttpApi.started(TestFunctions.WAIT_FOR_EVENT, id, null);

        Response r = given().contentType("text/plain").body("\"approved\"".getBytes(StandardCharsets.UTF_8))
                .post(ROOT + "/instances/{id}/raiseEvent/{event}", id, TestFunctions.APPROVAL_EVENT);

        assertJsonError(r, 415, "UnsupportedMediaType");
        assertThat(r.jsonPath().getString("message")).contains("application/json").contains("text/plain");
        assertThat(store.inboxEventTypes(id)).doesNotContain("EventRaised");
        command(id, "terminate", "cleanup").then().statusCode(202);
    }

    @Test
    void raiseEvent_withoutBody_deliversNull() {
        String id = Eventually.uniqueId("http-raise-nobody");
        HttpApi.started(TestFunctions.WAIT_FOR_EVENT, id, null);

        Response r = given().post(ROOT + "/instances/{id}/raiseEvent/{event}", id, TestFunctions.APPROVAL_EVENT);

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
        assertThat(awaitStatus(id, "Completed").jsonPath().getString("output")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "tab\there", "bell\u0007", "del\u007f"})
    void raiseEvent_illegalEventName_returns400Json(String eventName) {
        String id = Eventually.uniqueId("http-raise-badname");
        HttpApi.started(TestFunctions.WAIT_FOR_EVENT, id, null);

        Response r = raise(id, eventName, "1");

        assertJsonError(r, 400, "InvalidRequest");
        assertThat(r.jsonPath().getString("message")).contains("eventName");
        assertThat(store.inboxEventTypes(id)).doesNotContain("EventRaised");
        command(id, "terminate", "cleanup").then().statusCode(202);
    }

    @Test
    void raiseEvent_eventNameOverLimit_returns400Json() {
        Response r = raise(Eventually.uniqueId("http-raise-longname"), "e".repeat(257), "1");

        assertJsonError(r, 400, "InvalidRequest");
        assertThat(r.jsonPath().getString("message")).contains("eventName").contains("256");
    }

    @Test
    void terminate_runningInstance_returns202AndEndsTerminatedWithReasonAsOutput() {
        String id = Eventually.uniqueId("http-terminate");
        HttpApi.started(TestFunctions.WAIT_FOR_EVENT, id, null);
        awaitStatus(id, "Running");

        Response r = command(id, "terminate", "no longer needed");

        assertThat(r.statusCode()).isEqualTo(202);
        Response done = awaitStatus(id, "Terminated");
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.jsonPath().getString("output")).isEqualTo("no longer needed");
        assertJsonError(raise(id, TestFunctions.APPROVAL_EVENT, "1"), 410, "InstanceFinished");
    }

    @Test
    void terminate_rightAfterStart_endsTerminated() {
        String id = Eventually.uniqueId("http-terminate-early");
        HttpApi.started(TestFunctions.WAIT_FOR_EVENT, id, null);

        assertThat(command(id, "terminate", "right away").statusCode()).isEqualTo(202);

        assertThat(awaitStatus(id, "Terminated").jsonPath().getString("output")).isEqualTo("right away");
    }

    @Test
    void terminate_recursiveFalse_leavesTheChildRunning() {
        String id = Eventually.uniqueId("http-terminate-flat");
        HttpApi.started(LifecycleFunctions.MIDDLE, id, null);
        awaitStatus(id + ":0", "Running");

        Response r = given().queryParam("reason", "parent only").queryParam("recursive", "false")
                .post(ROOT + "/instances/{id}/terminate", id);

        assertThat(r.statusCode()).isEqualTo(202);
        awaitStatus(id, "Terminated");
        assertThat(store.rowCount("reprise_inbox", id + ":0")).isZero();
        assertThat(given().get(ROOT + "/instances/{id}", id + ":0").jsonPath().getString("runtimeStatus"))
                .isEqualTo("Running");
        assertThat(command(id + ":0", "terminate", "cleanup").statusCode()).isEqualTo(202);
    }

    @Test
    void rewind_failedInstance_returns202AndTheInstanceCompletes() {
        String key = Eventually.uniqueId("http-rewind");
        LifecycleFunctions.BROKEN.add(key);
        String id = Eventually.uniqueId("http-rewind");
        HttpApi.started(LifecycleFunctions.REWIND_CHAIN, id, "\"" + key + "\"");
        awaitStatus(id, "Failed");
        LifecycleFunctions.BROKEN.remove(key);

        Response r = command(id, "rewind", "fixed");

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(awaitStatus(id, "Completed").jsonPath().getString("output"))
                .isEqualTo(key + ":a|b|" + key + ":c");
    }

    @ParameterizedTest
    @ValueSource(strings = {"terminate", "suspend", "resume"})
    void command_unknownInstance_returns404Json(String command) {
        assertJsonError(command(Eventually.uniqueId("http-cmd-unknown"), command, "why"), 404, "InstanceNotFound");
    }

    /**
     * As Durable Functions' HttpApiHandler.HandleRestartInstanceRequestAsync: restarting an instance nobody has is an
     * argument error, 400 (its RestartAsync throws ArgumentException), not a 404.
     */
    @Test
    void restart_unknownInstance_returns400Json() {
        String id = Eventually.uniqueId("http-restart-unknown");

        Response r = command(id, "restart", null);

        assertJsonError(r, 400, "InvalidRequest");
        assertThat(r.jsonPath().getString("message")).contains(id).contains("restart");
    }

    @ParameterizedTest
    @ValueSource(strings = {"terminate", "suspend", "resume", "restart"})
    void command_instanceIdWithNulCharacter_returns400JsonNot500(String command) {
        Response r = command("nul\u0000id", command, "why");

        assertJsonError(r, 400, "InvalidRequest");
        assertThat(r.jsonPath().getString("message")).contains("U+0000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"terminate", "suspend", "resume", "restart"})
    void command_instanceIdThatCouldNeverExist_returns400Json(String command) {
        assertJsonError(command("x".repeat(257), command, "why"), 400, "InvalidRequest");
        assertJsonError(command("what?", command, "why"), 400, "InvalidRequest");
    }

    @Test
    void raiseEvent_instanceIdWithNulCharacter_returns400JsonNot500() {
        assertJsonError(raise("nul\u0000id", "Any", "1"), 400, "InvalidRequest");
    }

    @ParameterizedTest
    @ValueSource(strings = {"terminate", "suspend", "resume"})
    void command_finishedInstance_returns410Json(String command) {
        assertJsonError(command(finishedInstance(), command, "why"), 410, "InstanceFinished");
    }

    @Test
    void suspend_waitingInstance_staysSuspendedThroughItsEventUntilResumed() {
        String id = Eventually.uniqueId("http-suspend");
        HttpApi.started(TestFunctions.WAIT_FOR_EVENT, id, null);
        awaitStatus(id, "Running");

        assertThat(command(id, "suspend", "hold on").statusCode()).isEqualTo(202);
        Response suspended = awaitStatus(id, "Suspended");
        assertThat(suspended.statusCode()).as("a suspended instance is not finished").isEqualTo(202);
        assertThat(suspended.header("Location")).isNotBlank();

        assertThat(raise(id, TestFunctions.APPROVAL_EVENT, "\"while suspended\"").statusCode()).isEqualTo(202);
        // Barrier: an instance started after the event was raised has gone through the dispatcher completely.
        String barrier = Eventually.uniqueId("http-suspend-barrier");
        HttpApi.started(TestFunctions.ECHO, barrier, "1");
        awaitStatus(barrier, "Completed");
        assertThat(HttpApi.runtimeStatus(id)).isEqualTo("Suspended");
        assertThat(store.inboxEventTypes(id)).as("the event waits in the inbox").containsExactly("EventRaised");

        assertThat(command(id, "resume", "go on").statusCode()).isEqualTo(202);

        Response done = awaitStatus(id, "Completed");
        assertThat(done.jsonPath().getString("output")).isEqualTo("while suspended");
    }

    @Test
    void suspend_thenTerminate_endsTerminated() {
        String id = Eventually.uniqueId("http-suspend-terminate");
        HttpApi.started(TestFunctions.WAIT_FOR_EVENT, id, null);
        awaitStatus(id, "Running");
        command(id, "suspend", null).then().statusCode(202);
        awaitStatus(id, "Suspended");

        command(id, "terminate", "given up").then().statusCode(202);

        assertThat(awaitStatus(id, "Terminated").jsonPath().getString("output")).isEqualTo("given up");
    }

    @Test
    void restart_finishedInstanceWithSameId_runsItAgainWithSameInput() {
        String id = Eventually.uniqueId("http-restart");
        HttpApi.started(TestFunctions.CHAIN, id, "[\"Bern\"]");
        awaitStatus(id, "Completed");

        Response r = given().queryParam("restartWithNewInstanceId", false).post(ROOT + "/instances/{id}/restart", id);

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.jsonPath().getString("id")).isEqualTo(id);
        Response done = Eventually.until("the restarted run to complete", () -> HttpApi.status(id),
                s -> s.statusCode() == 200);
        assertThat(done.jsonPath().getList("output")).containsExactly("Hello Bern!");
    }

    @Test
    void restart_withNewInstanceId_startsAnotherInstance() {
        String id = finishedInstance();

        Response r = given().post(ROOT + "/instances/{id}/restart", id);

        assertThat(r.statusCode()).isEqualTo(202);
        String newId = r.jsonPath().getString("id");
        assertThat(newId).isNotEqualTo(id);
        assertThat(awaitStatus(newId, "Completed").jsonPath().getInt("output")).isEqualTo(1);
    }
}
