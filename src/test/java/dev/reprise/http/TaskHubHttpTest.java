package dev.reprise.http;

import dev.reprise.engine.Eventually;
import dev.reprise.engine.StoreQueries;
import dev.reprise.engine.TestFunctions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static dev.reprise.http.HttpApi.ROOT;
import static dev.reprise.http.HttpApi.assertJsonError;
import static dev.reprise.http.HttpApi.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code taskHub} and {@code connection} query parameters that every route of Durable Functions' HTTP API takes
 * (HTTP API reference, "Base URL and common parameters"; HttpApiHandler.GetClient reads them, names in any
 * case, blank values ignored). Reprise serves one task hub per process: a request naming that hub (or none) is
 * served; one naming another hub or connection answers 404 TaskHubNotFound and neither reads nor changes this hub.
 * Every route's refusal, with the store unchanged, is also a row of {@link BadInputHttpTest}.
 */
@QuarkusTest
class TaskHubHttpTest {

    private static final String OTHER = "SomeOtherHub";

    @Inject
    StoreQueries store;

    @Test
    void requestNamingThisHub_orNone_isServed() {
        String id = Eventually.uniqueId("http-hub-own");
        HttpApi.started(TestFunctions.ECHO, id, "{\"k\":1}");
        awaitStatus(id, "Completed");
        String hub = HttpApi.taskHub();

        assertThat(given().queryParam("taskHub", hub).get(ROOT + "/instances/{id}", id).statusCode()).isEqualTo(200);
        assertThat(given().queryParam("TaskHub", hub).get(ROOT + "/instances/{id}", id).statusCode())
                .as("the parameter's name is read in any case").isEqualTo(200);
        assertThat(given().queryParam("taskHub", "").get(ROOT + "/instances/{id}", id).statusCode())
                .as("a blank value names no hub").isEqualTo(200);
        for (String connection : new String[]{"Storage", "storage", "AzureWebJobsStorage"}) {
            assertThat(given().queryParam("taskHub", hub).queryParam("connection", connection)
                    .get(ROOT + "/instances/{id}", id).statusCode()).as("connection=%s", connection).isEqualTo(200);
        }
    }

    @Test
    void status_namingAnotherHub_returns404WithoutTheInstance() {
        String id = Eventually.uniqueId("http-hub-read");
        HttpApi.started(TestFunctions.ECHO, id, "\"secret-input\"");
        awaitStatus(id, "Completed");

        Response r = given().queryParam("taskHub", OTHER).get(ROOT + "/instances/{id}", id);
        Response list = given().queryParam("taskHub", OTHER).queryParam("instanceIdPrefix", id)
                .get(ROOT + "/instances");

        assertJsonError(r, 404, "TaskHubNotFound");
        assertThat(r.jsonPath().getString("message")).contains("'" + HttpApi.taskHub() + "'")
                .contains("'" + OTHER + "'");
        assertThat(r.asString()).doesNotContain("secret-input").doesNotContain(id);
        assertJsonError(list, 404, "TaskHubNotFound");
        assertThat(list.asString()).doesNotContain(id);
    }

    @Test
    void hubNamesAreExact_anotherCaseIsAnotherHub() {
        String id = Eventually.uniqueId("http-hub-case");
        HttpApi.started(TestFunctions.ECHO, id, "1");
        awaitStatus(id, "Completed");
        String hub = HttpApi.taskHub();
        String otherCase = hub.toUpperCase(Locale.ROOT).equals(hub) ? hub.toLowerCase(Locale.ROOT)
                : hub.toUpperCase(Locale.ROOT);

        assertJsonError(given().queryParam("taskHub", otherCase).get(ROOT + "/instances/{id}", id), 404,
                "TaskHubNotFound");
        assertJsonError(given().queryParam("taskHub", hub).queryParam("taskHub", OTHER)
                .get(ROOT + "/instances/{id}", id), 404, "TaskHubNotFound");
    }

    @Test
    void commands_namingAnotherHub_changeNothingHere() {
        String id = Eventually.uniqueId("http-hub-write");
        HttpApi.started(TestFunctions.WAIT_FOR_EVENT, id, null);
        awaitStatus(id, "Running");

        assertJsonError(given().queryParam("taskHub", OTHER).contentType(ContentType.JSON).body("\"from elsewhere\"")
                .post(ROOT + "/instances/{id}/raiseEvent/{event}", id, TestFunctions.APPROVAL_EVENT), 404,
                "TaskHubNotFound");
        assertJsonError(given().queryParam("taskHub", OTHER).post(ROOT + "/instances/{id}/terminate", id), 404,
                "TaskHubNotFound");
        assertJsonError(given().queryParam("connection", "OtherStorage").post(ROOT + "/instances/{id}/suspend", id),
                404, "TaskHubNotFound");

        assertThat(store.rowCount("reprise_inbox", id)).as("no message reached the instance").isZero();
        assertThat(HttpApi.runtimeStatus(id)).isEqualTo("Running");
        given().post(ROOT + "/instances/{id}/terminate", id).then().statusCode(202);
        awaitStatus(id, "Terminated");
        assertJsonError(given().queryParam("taskHub", OTHER).delete(ROOT + "/instances/{id}", id), 404,
                "TaskHubNotFound");
        assertThat(HttpApi.runtimeStatus(id)).as("not purged").isEqualTo("Terminated");
    }

    @Test
    void start_namingAnotherHub_startsNothing() {
        String id = Eventually.uniqueId("http-hub-start");

        Response r = given().queryParam("taskHub", OTHER).contentType(ContentType.JSON).body("1")
                .post(ROOT + "/orchestrators/{name}/{id}", TestFunctions.ECHO, id);

        assertJsonError(r, 404, "TaskHubNotFound");
        assertThat(HttpApi.status(id).statusCode()).isEqualTo(404);
    }

    @Test
    void managementUrls_carryThisHub_andCanBeFollowed() {
        String id = Eventually.uniqueId("http-hub-follow");
        Response started = HttpApi.start(TestFunctions.WAIT_FOR_EVENT, id, null);
        String terminate = started.jsonPath().getString("terminatePostUri").replace("{text}", "done");
        assertThat(terminate).contains("taskHub=" + HttpApi.taskHub()).contains("connection=Storage");
        awaitStatus(id, "Running");

        assertThat(given().urlEncodingEnabled(false).post(terminate).statusCode()).isEqualTo(202);

        assertThat(awaitStatus(id, "Terminated").jsonPath().getString("output")).isEqualTo("done");
    }
}
