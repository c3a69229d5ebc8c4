package dev.reprise.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.engine.Eventually;
import dev.reprise.engine.TestFunctions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.reprise.http.HttpApi.ROOT;
import static dev.reprise.http.HttpApi.assertJsonError;
import static dev.reprise.http.HttpApi.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start and wait: the start route's {@code timeout} and {@code pollingInterval} (seconds), as Durable Functions'
 * createAndWaitOnNewInstancePostUri ({@code ?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}},
 * HttpApiHandler.GetInstanceCreationLinks) and WaitForCompletionOrCreateCheckStatusResponseAsync: 200 with the output
 * once Completed, 200 with the status once Failed or Terminated, else the usual 202 check-status answer. The restart
 * route takes the same parameters (HttpApiHandler.HandleRestartInstanceRequestAsync).
 */
@QuarkusTest
class StartAndWaitHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Response startAndWait(String name, String id, String json, String timeout, String polling) {
        var request = given().contentType(ContentType.JSON).queryParam("timeout", timeout);
        if (polling != null) {
            request = request.queryParam("pollingInterval", polling);
        }
        return request.body(json).post(ROOT + "/orchestrators/{name}/{id}", name, id);
    }

    @Test
    void start_finishedWithinTimeout_returns200WithTheOutputAsBody() {
        String id = Eventually.uniqueId("http-wait-done");

        Response r = startAndWait(TestFunctions.CHAIN, id, "[\"Oslo\",\"Rome\"]", "30", "1");

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.jsonPath().getList("")).as("the output itself, not a status object")
                .isEqualTo(List.of("Hello Oslo!", "Hello Rome!"));
        assertThat(r.header("Location")).isNull();
        assertThat(HttpApi.runtimeStatus(id)).isEqualTo("Completed");
    }

    @Test
    void startWithoutId_finishedWithinTimeout_returns200WithTheOutput() {
        Response r = given().contentType(ContentType.JSON).body("{\"k\":[1,2]}").queryParam("timeout", 30)
                .post(ROOT + "/orchestrators/{name}", TestFunctions.ECHO);

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getMap("")).isEqualTo(Map.of("k", List.of(1, 2)));
    }

    @Test
    void start_notFinishedWithinTimeout_returnsTheUsual202() {
        String id = Eventually.uniqueId("http-wait-timeout");

        Response r = startAndWait(TestFunctions.WAIT_FOR_EVENT, id, "null", "0.5", "0.1");

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
        assertThat(r.jsonPath().getString("id")).isEqualTo(id);
        assertThat(r.header("Location")).isEqualTo(r.jsonPath().getString("statusQueryGetUri"));
        assertThat(r.header("Retry-After")).containsOnlyDigits();
        assertThat(HttpApi.runtimeStatus(id)).isIn("Pending", "Running");
        given().post(ROOT + "/instances/{id}/terminate", id).then().statusCode(202);
    }

    @Test
    void start_timeoutZero_answersAtOnce() {
        String id = Eventually.uniqueId("http-wait-zero");

        Response r = startAndWait(TestFunctions.WAIT_FOR_EVENT, id, "null", "0", null);

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.jsonPath().getString("statusQueryGetUri")).contains("/instances/" + id);
        given().post(ROOT + "/instances/{id}/terminate", id).then().statusCode(202);
    }

    @Test
    void start_failedWithinTimeout_returns200WithTheStatus() {
        String id = Eventually.uniqueId("http-wait-failed");

        Response r = startAndWait(TestFunctions.FAIL, id, "\"boom\"", "30", null);

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getString("runtimeStatus")).isEqualTo("Failed");
        assertThat(r.jsonPath().getString("instanceId")).isEqualTo(id);
        assertThat(r.jsonPath().getString("input")).isEqualTo("boom");
        assertThat(r.jsonPath().getString("failureDetails.errorMessage"))
                .isEqualTo("TestFail failed on purpose: boom");
    }

    /**
     * The wait ends on the instance's completion in this process, not on its next poll: with pollingInterval equal to
     * timeout, a poll-only wait would read the instance once at the start and then time out (202); a 200 shows the
     * completion signal woke it. No wall-clock time is asserted.
     */
    @Test
    void start_completionInThisProcess_endsTheWaitBeforeTheNextPoll() throws Exception {
        String id = Eventually.uniqueId("http-wait-signal");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + ROOT
                        + "/orchestrators/" + TestFunctions.WAIT_FOR_EVENT + "/" + id + "?timeout=60&pollingInterval=60"))
                .timeout(Duration.ofSeconds(90)).POST(HttpRequest.BodyPublishers.noBody()).build();
        CompletableFuture<HttpResponse<String>> waiting = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofString());
        awaitStatus(id, "Running");

        given().contentType(ContentType.JSON).body("\"approved\"")
                .post(ROOT + "/instances/{id}/raiseEvent/{event}", id, TestFunctions.APPROVAL_EVENT).then()
                .statusCode(202);

        HttpResponse<String> r = waiting.get(90, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree("\"approved\""));
    }

    @Test
    void restart_withTimeout_waitsForTheNewRun() {
        String id = Eventually.uniqueId("http-wait-restart");
        HttpApi.started(TestFunctions.CHAIN, id, "[\"Bern\"]");
        awaitStatus(id, "Completed");

        Response r = given().queryParam("timeout", 30).queryParam("pollingInterval", 1)
                .post(ROOT + "/instances/{id}/restart", id);

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getList("")).isEqualTo(List.of("Hello Bern!"));
    }

    /**
     * Durable Functions refuses a pollingInterval longer than the timeout (ArgumentException: 400); Reprise checks it
     * before starting, so the refused request starts nothing.
     */
    @Test
    void start_pollingIntervalLongerThanTimeout_returns400AndStartsNothing() {
        String id = Eventually.uniqueId("http-wait-bad");

        Response r = startAndWait(TestFunctions.ECHO, id, "1", "1", "2");

        assertJsonError(r, 400, "InvalidRequest");
        assertThat(r.jsonPath().getString("message")).contains("pollingInterval").contains("timeout");
        assertThat(HttpApi.status(id).statusCode()).isEqualTo(404);
    }

    @Test
    void start_timeoutNotANumber_returns400AndStartsNothing() {
        String id = Eventually.uniqueId("http-wait-nan");

        Response r = startAndWait(TestFunctions.ECHO, id, "1", "ten", null);

        assertJsonError(r, 400, "InvalidRequest");
        assertThat(r.jsonPath().getString("message")).contains("timeout");
        assertThat(HttpApi.status(id).statusCode()).isEqualTo(404);
    }

    @Test
    void start_withoutTimeout_answersAtOnceEvenWithPollingInterval() {
        String id = Eventually.uniqueId("http-wait-none");

        Response r = given().contentType(ContentType.JSON).body("null").queryParam("pollingInterval", 1)
                .post(ROOT + "/orchestrators/{name}/{id}", TestFunctions.WAIT_FOR_EVENT, id);

        assertThat(r.statusCode()).isEqualTo(202);
        given().post(ROOT + "/instances/{id}/terminate", id).then().statusCode(202);
    }
}
