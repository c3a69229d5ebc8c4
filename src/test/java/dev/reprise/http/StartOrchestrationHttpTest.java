package dev.reprise.http;

import dev.reprise.engine.Eventually;
import dev.reprise.engine.TestFunctions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.reprise.http.HttpApi.ROOT;
import static dev.reprise.http.HttpApi.assertJsonError;
import static dev.reprise.http.HttpApi.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /orchestrators/{name}[/{instanceId}]: the check-status answer and the start request's errors. */
@QuarkusTest
class StartOrchestrationHttpTest {

    /**
     * The body and headers of Durable Functions' check-status response (HTTP API reference, "Start orchestration";
     * HttpApiHandler.GetClientResponseLinks): every URL carries taskHub and connection after the route's own query.
     */
    @Test
    void start_withInstanceId_returns202WithManagementUrlsAndLocation() {
        String id = Eventually.uniqueId("http-start");

        Response r = HttpApi.start(TestFunctions.ECHO, id, "{\"city\":\"Tokyo\"}");

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.contentType()).startsWith("application/json");
        Map<String, String> body = r.jsonPath().getMap("");
        assertThat(body).containsOnlyKeys("id", "statusQueryGetUri", "sendEventPostUri", "terminatePostUri",
                "rewindPostUri", "purgeHistoryDeleteUri", "restartPostUri", "suspendPostUri", "resumePostUri");
        String status = body.get("statusQueryGetUri");
        String hub = HttpApi.hubQuery();
        assertThat(body.get("id")).isEqualTo(id);
        assertThat(status).startsWith("http").endsWith(ROOT + "/instances/" + id + "?" + hub);
        String instance = status.substring(0, status.indexOf('?'));
        assertThat(body.get("sendEventPostUri")).isEqualTo(instance + "/raiseEvent/{eventName}?" + hub);
        assertThat(body.get("terminatePostUri")).isEqualTo(instance + "/terminate?reason={text}&" + hub);
        assertThat(body.get("rewindPostUri")).isEqualTo(instance + "/rewind?reason={text}&" + hub);
        assertThat(body.get("purgeHistoryDeleteUri")).isEqualTo(status);
        assertThat(body.get("restartPostUri")).isEqualTo(instance + "/restart?" + hub);
        assertThat(body.get("suspendPostUri")).isEqualTo(instance + "/suspend?reason={text}&" + hub);
        assertThat(body.get("resumePostUri")).isEqualTo(instance + "/resume?reason={text}&" + hub);
        assertThat(r.header("Location")).isEqualTo(status);
        assertThat(r.header("Retry-After")).isNotBlank().containsOnlyDigits();

        // The Location is a working status URL: follow it until the instance completes.
        Response done = Eventually.until("status URL to report completion", () -> given().get(status),
                s -> s.statusCode() == 200);
        assertThat(done.jsonPath().getString("runtimeStatus")).isEqualTo("Completed");
        assertThat(done.jsonPath().getMap("output")).isEqualTo(Map.of("city", "Tokyo"));
    }

    @Test
    void start_withoutInstanceId_generatesIdAndReturns202() {
        Response r = given().contentType(ContentType.JSON).body("[\"Lima\"]")
                .post(ROOT + "/orchestrators/{name}", TestFunctions.CHAIN);

        assertThat(r.statusCode()).isEqualTo(202);
        String id = r.jsonPath().getString("id");
        assertThat(id).isNotBlank();
        assertThat(r.header("Location")).isEqualTo(r.jsonPath().getString("statusQueryGetUri"))
                .endsWith("/" + id + "?" + HttpApi.hubQuery());
        Response done = awaitStatus(id, "Completed");
        assertThat(done.jsonPath().getList("output")).isEqualTo(List.of("Hello Lima!"));
    }

    @Test
    void start_withoutBody_startsWithNullInput() {
        String id = Eventually.uniqueId("http-nobody");

        Response r = given().post(ROOT + "/orchestrators/{name}/{id}", TestFunctions.ECHO, id);

        assertThat(r.statusCode()).isEqualTo(202);
        Response done = awaitStatus(id, "Completed");
        assertThat(done.jsonPath().getString("input")).isNull();
        assertThat(done.jsonPath().getString("output")).isNull();
    }

    /**
     * Durable Functions' HTTP API reference, "Start orchestration": HTTP 400 when the specified orchestrator function
     * doesn't exist.
     */
    @Test
    void start_unknownOrchestrator_returns400JsonNamingRegisteredOnes() {
        String id = Eventually.uniqueId("http-unknown");
        Response r = HttpApi.start("TestNoSuchOrchestrator", id, "1");

        assertJsonError(r, 400, "OrchestratorNotFound");
        assertThat(HttpApi.status(id).statusCode()).as("nothing was started").isEqualTo(404);
        assertThat(r.jsonPath().getString("message")).contains("TestNoSuchOrchestrator").contains(TestFunctions.ECHO);
    }

    @Test
    void start_invalidJsonBody_returns400Json() {
        String id = Eventually.uniqueId("http-badjson");

        Response r = HttpApi.start(TestFunctions.ECHO, id, "{\"city\": Tokyo");

        assertJsonError(r, 400, "InvalidRequest");
        assertThat(r.jsonPath().getString("message")).contains("not valid JSON");
        assertThat(HttpApi.status(id).statusCode()).as("nothing was started").isEqualTo(404);
    }

    @Test
    void start_jsonFollowedByMoreText_returns400Json() {
        String id = Eventually.uniqueId("http-trailing");

        Response r = HttpApi.start(TestFunctions.ECHO, id, "{\"city\":\"Tokyo\"} and more");

        assertJsonError(r, 400, "InvalidRequest");
        assertThat(HttpApi.status(id).statusCode()).as("nothing was started").isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=UTF-8", "APPLICATION/JSON", "text/json",
            "application/vnd.reprise+json", "application/merge-patch+json;charset=utf-8", "*/*"})
    void start_jsonContentTypes_areAccepted(String contentType) {
        String id = Eventually.uniqueId("http-ctype");

        Response r = given().contentType(contentType).body("{\"k\":1}".getBytes(StandardCharsets.UTF_8))
                .post(ROOT + "/orchestrators/{name}/{id}", TestFunctions.ECHO, id);

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
        assertThat(awaitStatus(id, "Completed").jsonPath().getMap("output")).isEqualTo(Map.of("k", 1));
    }

    @Test
    void start_bodyWithoutContentType_isReadAsJson() {
        String id = Eventually.uniqueId("http-noctype");

        HttpResponse<String> r = HttpApi.send("POST", ROOT + "/orchestrators/" + TestFunctions.CHAIN + "/" + id,
                "[\"Quito\"]".getBytes(StandardCharsets.UTF_8));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(awaitStatus(id, "Completed").jsonPath().getList("output")).containsExactly("Hello Quito!");
    }

    @Test
    void start_withoutBodyWithAnyContentType_startsWithNullInput() {
        String id = Eventually.uniqueId("http-nobody-form");

        Response r = given().contentType("application/x-www-form-urlencoded")
                .post(ROOT + "/orchestrators/{name}/{id}", TestFunctions.ECHO, id);

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
        assertThat(awaitStatus(id, "Completed").jsonPath().getString("input")).isNull();
    }

    @Test
    void start_formBodyAsCurlDashDSendsIt_returns415TellingToAddTheHeader() {
        String id = Eventually.uniqueId("http-form");

        HttpResponse<String> r = HttpApi.send("POST", ROOT + "/orchestrators/" + TestFunctions.ECHO + "/" + id,
                "{\"city\":\"Tokyo\"}".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded");

        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/json"));
        assertThat(r.body()).contains("\"error\":\"UnsupportedMediaType\"")
                .contains("-H 'Content-Type: application/json'");
        assertThat(HttpApi.status(id).statusCode()).as("nothing was started").isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/xml", "multipart/form-data; boundary=x", "application/jsonp",
            "application/octet-stream"})
    void start_nonJsonContentType_returns415Json(String contentType) {
        String id = Eventually.uniqueId("http-nonjson");

        Response r = given().contentType(contentType).body("1".getBytes(StandardCharsets.UTF_8))
                .post(ROOT + "/orchestrators/{name}/{id}", TestFunctions.ECHO, id);

        assertJsonError(r, 415, "UnsupportedMediaType");
        assertThat(r.jsonPath().getString("message")).contains("application/json");
        assertThat(HttpApi.status(id).statusCode()).as("nothing was started").isEqualTo(404);
    }

    @Test
    void start_bodyOverSizeLimit_returns413() {
        String id = Eventually.uniqueId("http-toobig");
        String overLimit = "\"" + "x".repeat(1024 * 1024 + 1) + "\"";

        Response r = HttpApi.start(TestFunctions.ECHO, id, overLimit);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.jsonPath().getString("error")).isEqualTo("PayloadTooLarge");
        assertThat(r.jsonPath().getString("message")).contains("quarkus.http.limits.max-body-size");
        assertThat(HttpApi.status(id).statusCode()).as("nothing was started").isEqualTo(404);
    }

    @Test
    void start_tooLongInstanceId_returns400Json() {
        Response r = HttpApi.start(TestFunctions.ECHO, "x".repeat(300), "1");

        assertJsonError(r, 400, "InvalidRequest");
        assertThat(r.jsonPath().getString("message")).contains("instanceId");
    }

    @Test
    void start_instanceIdStillRunning_returns409WithClearMessage() {
        String id = Eventually.uniqueId("http-dup");
        HttpApi.started(TestFunctions.WAIT_FOR_EVENT, id, null);

        Response again = HttpApi.start(TestFunctions.WAIT_FOR_EVENT, id, null);

        assertJsonError(again, 409, "InstanceAlreadyExists");
        assertThat(again.jsonPath().getString("message")).contains("'" + id + "'").contains("already exists")
                .containsAnyOf("Pending", "Running");
        given().post(ROOT + "/instances/{id}/terminate?reason=cleanup", id).then().statusCode(202);
    }

    @Test
    void start_finishedInstanceId_returns202AndRunsAfresh() {
        String id = Eventually.uniqueId("http-reuse");
        HttpApi.started(TestFunctions.CHAIN, id, "[\"first\"]");
        Response first = awaitStatus(id, "Completed");
        assertThat(first.jsonPath().getList("output")).isEqualTo(List.of("Hello first!"));

        Response again = HttpApi.start(TestFunctions.CHAIN, id, "[\"second\",\"third\"]");

        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.jsonPath().getString("id")).isEqualTo(id);
        Response second = Eventually.until("the second run to complete",
                () -> given().queryParam("showHistory", true).queryParam("historyFormat", "reprise")
                        .get(ROOT + "/instances/{id}", id),
                s -> s.statusCode() == 200);
        assertThat(second.jsonPath().getString("runtimeStatus")).isEqualTo("Completed");
        assertThat(second.jsonPath().getList("input")).isEqualTo(List.of("second", "third"));
        assertThat(second.jsonPath().getList("output")).isEqualTo(List.of("Hello second!", "Hello third!"));
        List<String> types = second.jsonPath().getList("historyEvents.eventType");
        assertThat(types).as("history of the fresh run only")
                .containsOnlyOnce("ExecutionStarted", "ExecutionCompleted");
        assertThat(types.stream().filter("TaskScheduled"::equals)).hasSize(2);
    }
}
