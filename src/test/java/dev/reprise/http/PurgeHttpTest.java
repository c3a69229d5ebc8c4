package dev.reprise.http;

import dev.reprise.engine.Eventually;
import dev.reprise.engine.StoreQueries;
import dev.reprise.engine.TestFunctions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.reprise.http.HttpApi.ROOT;
import static dev.reprise.http.HttpApi.assertJsonError;
import static dev.reprise.http.HttpApi.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** DELETE /instances/{id} and DELETE /instances?createdTimeFrom=...: purging finished instances. */
@QuarkusTest
class PurgeHttpTest {

    @Inject
    StoreQueries store;

    @Test
    void purge_finishedInstance_returns200WithCountThenInstanceIsGone() {
        String id = Eventually.uniqueId("http-purge");
        HttpApi.started(TestFunctions.CHAIN, id, "[\"Riga\"]");
        awaitStatus(id, "Completed");
        assertThat(store.rowCount("reprise_history", id)).isPositive();

        Response r = given().delete(ROOT + "/instances/{id}", id);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getMap("")).isEqualTo(Map.of("instancesDeleted", 1));
        assertJsonError(HttpApi.status(id), 404, "InstanceNotFound");
        assertThat(store.rowCount("reprise_history", id)).as("history purged too").isZero();
        assertThat(store.rowCount("reprise_inbox", id)).isZero();
        assertJsonError(given().delete(ROOT + "/instances/{id}", id), 404, "InstanceNotFound");
    }

    /**
     * Durable Functions' HttpApiHandler.HandleDeleteHistoryByIdRequestAsync answers 412 (Precondition Failed) for an
     * orchestration that is not in a terminal state.
     */
    @Test
    void purge_runningInstance_returns412JsonAndKeepsIt() {
        String id = Eventually.uniqueId("http-purge-running");
        HttpApi.started(TestFunctions.WAIT_FOR_EVENT, id, null);

        Response r = given().delete(ROOT + "/instances/{id}", id);

        assertJsonError(r, 412, "InstanceNotFinished");
        assertThat(r.jsonPath().getString("message")).contains("Terminate it first");
        assertThat(HttpApi.status(id).statusCode()).isEqualTo(202);
        given().post(ROOT + "/instances/{id}/terminate", id).then().statusCode(202);
    }

    @Test
    void purge_unknownInstance_returns404Json() {
        assertJsonError(given().delete(ROOT + "/instances/{id}", Eventually.uniqueId("http-purge-unknown")), 404,
                "InstanceNotFound");
    }

    @Test
    void purge_instanceIdWithNulCharacter_returns400JsonNot500() {
        assertJsonError(given().delete(ROOT + "/instances/{id}", "nul\u0000id"), 400, "InvalidRequest");
    }

    @Test
    void purge_instanceIdThatCouldNeverExist_returns400Json() {
        assertJsonError(given().delete(ROOT + "/instances/{id}", "x".repeat(257)), 400, "InvalidRequest");
    }

    @Test
    void purgeByFilter_createdTimeFromAfterTo_returns400Json() {
        Response r = given().queryParam("createdTimeFrom", "2026-02-01T00:00:00Z")
                .queryParam("createdTimeTo", "2026-01-01T00:00:00Z").delete(ROOT + "/instances");

        assertJsonError(r, 400, "InvalidRequest");
        assertThat(r.jsonPath().getString("message")).contains("createdTimeFrom").contains("createdTimeTo");
    }

    @Test
    void purgeByFilter_createdTimeWindow_deletesFinishedInstancesInsideOnly() {
        String prefix = Eventually.uniqueId("http-purge-many") + "-";
        String outside = prefix + "before-window";
        HttpApi.started(TestFunctions.ECHO, outside, "0");
        Instant outsideCreated = Instant.parse(awaitStatus(outside, "Completed").jsonPath().getString("createdTime"));

        List<String> finished = List.of(prefix + "done", prefix + "failed", prefix + "terminated");
        HttpApi.started(TestFunctions.ECHO, finished.get(0), "1");
        HttpApi.started(TestFunctions.FAIL, finished.get(1), "\"x\"");
        HttpApi.started(TestFunctions.WAIT_FOR_EVENT, finished.get(2), null);
        String running = prefix + "running";
        HttpApi.started(TestFunctions.WAIT_FOR_EVENT, running, null);
        given().post(ROOT + "/instances/{id}/terminate", finished.get(2)).then().statusCode(202);
        awaitStatus(finished.get(0), "Completed");
        awaitStatus(finished.get(1), "Failed");
        awaitStatus(finished.get(2), "Terminated");
        Instant windowStart = outsideCreated.plusNanos(1000);
        Instant windowEnd = Instant.parse(HttpApi.status(running).jsonPath().getString("createdTime"));
        assertThat(windowStart).as("the instances of the window were created after the first one")
                .isBeforeOrEqualTo(Instant.parse(HttpApi.status(finished.get(0)).jsonPath().getString("createdTime")));

        Response r = given().queryParam("createdTimeFrom", windowStart.toString())
                .queryParam("createdTimeTo", windowEnd.toString()).delete(ROOT + "/instances");

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getInt("instancesDeleted")).isEqualTo(3);
        for (String id : finished) {
            assertThat(HttpApi.status(id).statusCode()).as(id).isEqualTo(404);
        }
        assertThat(HttpApi.runtimeStatus(outside)).as("created before the window").isEqualTo("Completed");
        assertThat(HttpApi.status(running).statusCode()).as("live instances are never purged").isEqualTo(202);
        given().post(ROOT + "/instances/{id}/terminate", running).then().statusCode(202);
    }

    @Test
    void purgeByFilter_runtimeStatus_deletesOnlyThoseStatuses() {
        String prefix = Eventually.uniqueId("http-purge-status") + "-";
        String done = prefix + "done";
        String failed = prefix + "failed";
        HttpApi.started(TestFunctions.ECHO, done, "1");
        HttpApi.started(TestFunctions.FAIL, failed, "\"x\"");
        Instant from = Instant.parse(awaitStatus(done, "Completed").jsonPath().getString("createdTime"));
        awaitStatus(failed, "Failed");
        Instant to = Instant.parse(HttpApi.status(failed).jsonPath().getString("createdTime"));

        Response r = given().queryParam("createdTimeFrom", from.toString()).queryParam("createdTimeTo", to.toString())
                .queryParam("runtimeStatus", "Failed").delete(ROOT + "/instances");

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getInt("instancesDeleted")).isEqualTo(1);
        assertThat(HttpApi.status(failed).statusCode()).isEqualTo(404);
        assertThat(HttpApi.runtimeStatus(done)).isEqualTo("Completed");
    }

    /**
     * Durable Functions' HTTP API reference, "Purge multiple instance histories": 404 when no instances match the
     * filter (HttpApiHandler.HandleDeleteHistoryWithFiltersRequestAsync answers 404 when InstancesDeleted is 0).
     */
    @Test
    void purgeByFilter_nothingMatches_returns404JsonAndDeletesNothing() {
        String prefix = Eventually.uniqueId("http-purge-none") + "-";
        HttpApi.started(TestFunctions.ECHO, prefix + "done", "1");
        Instant created = Instant.parse(awaitStatus(prefix + "done", "Completed").jsonPath()
                .getString("createdTime"));

        Response r = given().queryParam("createdTimeFrom", created.toString())
                .queryParam("createdTimeTo", created.toString()).queryParam("runtimeStatus", "Terminated")
                .delete(ROOT + "/instances");
        Response future = given().queryParam("createdTimeFrom", "2999-01-01T00:00:00Z").delete(ROOT + "/instances");

        assertJsonError(r, 404, "NoMatchingInstances");
        assertJsonError(future, 404, "NoMatchingInstances");
        assertThat(HttpApi.runtimeStatus(prefix + "done")).isEqualTo("Completed");
    }

    @Test
    void purgeByFilter_withoutCreatedTimeFrom_returns400Json() {
        Response r = given().delete(ROOT + "/instances");

        assertJsonError(r, 400, "InvalidRequest");
        assertThat(r.jsonPath().getString("message")).contains("createdTimeFrom");
    }

    @Test
    void purgeByFilter_liveStatus_returns400Json() {
        Response r = given().queryParam("createdTimeFrom", "2026-01-01T00:00:00Z").queryParam("runtimeStatus",
                "Running").delete(ROOT + "/instances");

        assertJsonError(r, 400, "InvalidRequest");
        assertThat(r.jsonPath().getString("message")).contains("Running");
    }

    @Test
    void purgeByFilter_badTime_returns400Json() {
        Response r = given().queryParam("createdTimeFrom", "yesterday").delete(ROOT + "/instances");

        assertJsonError(r, 400, "InvalidRequest");
        assertThat(r.jsonPath().getString("message")).contains("createdTimeFrom");
    }
}
