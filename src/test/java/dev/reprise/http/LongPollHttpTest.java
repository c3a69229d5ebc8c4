package dev.reprise.http;

import dev.reprise.engine.Eventually;
import dev.reprise.engine.TestFunctions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.reprise.http.HttpApi.ROOT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status route's long poll, Reprise's own {@code timeout}: the request waits for the instance to finish instead
 * of the client polling, and answers as the route always does (200 once finished, 202 while it runs).
 */
@QuarkusTest
class LongPollHttpTest {

    @Test
    void status_withTimeout_instanceFinishesWhileItWaits_answers200WithTheOutput() throws Exception {
        String id = Eventually.uniqueId("long-poll-done");
        HttpApi.start(TestFunctions.GATED, id, null).then().statusCode(202);
        Eventually.until("the gate activity to run", () -> TestFunctions.gateEntered(id), entered -> entered);

        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(
                () -> given().queryParam("timeout", 30).get(ROOT + "/instances/{id}", id));
        TestFunctions.openGate(id);
        Response answer = waiting.get(60, TimeUnit.SECONDS);

        // The instance was running when the request came: only a wait can have turned that into a 200.
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.jsonPath().getString("runtimeStatus")).isEqualTo("Completed");
        assertThat(answer.jsonPath().getString("output")).isEqualTo("gate opened");
    }

    @Test
    void status_withTimeout_instanceStillRunningWhenTheWaitEnds_answers202WithItsStatus() {
        String id = Eventually.uniqueId("long-poll-running");
        HttpApi.start(TestFunctions.WAIT_FOR_EVENT, id, null).then().statusCode(202);

        Response answer = given().queryParam("timeout", 0.2).get(ROOT + "/instances/{id}", id);

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.header("Location")).contains(id);
        assertThat(answer.jsonPath().getString("runtimeStatus")).isIn("Pending", "Running");
    }

    @Test
    void status_withTimeout_unknownInstance_answers404AtOnce() {
        given().queryParam("timeout", 30).get(ROOT + "/instances/{id}", Eventually.uniqueId("long-poll-nobody"))
                .then().statusCode(404);
    }
}
