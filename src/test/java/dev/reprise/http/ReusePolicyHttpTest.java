package dev.reprise.http;

import dev.reprise.engine.Eventually;
import dev.reprise.engine.TestFunctions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static dev.reprise.http.HttpApi.ROOT;
import static dev.reprise.http.HttpApi.assertJsonError;
import static dev.reprise.http.HttpApi.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /orchestrators/{name}/{instanceId}?reusePolicy=: a start whose ID belongs to a finished instance. */
@QuarkusTest
class ReusePolicyHttpTest {

    private static Response start(String name, String id, String json, String policy) {
        return given().contentType(ContentType.JSON).body(json).queryParam("reusePolicy", policy)
                .post(ROOT + "/orchestrators/{name}/{id}", name, id);
    }

    private static String finished(String prefix) {
        String id = Eventually.uniqueId(prefix);
        HttpApi.started(TestFunctions.ECHO, id, "\"first\"");
        awaitStatus(id, "Completed");
        return id;
    }

    private static String output(String id) {
        return HttpApi.status(id).jsonPath().getString("output");
    }

    @Test
    void startWithId_reuse_replacesTheFinishedInstance() {
        String id = finished("http-reuse");

        assertThat(start(TestFunctions.ECHO, id, "\"second\"", "reuse").statusCode()).isEqualTo(202);

        Eventually.until("the new instance to complete", () -> output(id), "second"::equals);
    }

    @Test
    void startWithId_reject_answers409AndKeepsTheInstance() {
        String id = finished("http-reject");

        Response r = start(TestFunctions.ECHO, id, "\"second\"", "reject");

        assertJsonError(r, 409, "InstanceAlreadyExists");
        assertThat(r.jsonPath().getString("message")).contains("reject");
        assertThat(output(id)).isEqualTo("first");
    }

    @Test
    void startWithId_useExisting_answers202WithTheExistingInstanceUnchanged() {
        String id = finished("http-existing");

        Response r = start(TestFunctions.ECHO, id, "\"second\"", "useExisting");

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.jsonPath().getString("id")).isEqualTo(id);
        assertThat(HttpApi.runtimeStatus(id)).isEqualTo("Completed");
        assertThat(output(id)).isEqualTo("first");
    }

    @Test
    void startWithId_useExistingUnderAnotherOrchestrator_answers409NamingBoth() {
        String id = finished("http-existing-other");

        Response r = start(TestFunctions.CHAIN, id, "[\"x\"]", "useexisting");

        assertJsonError(r, 409, "InstanceAlreadyExists");
        assertThat(r.jsonPath().getString("message")).contains(TestFunctions.ECHO).contains(TestFunctions.CHAIN);
        assertThat(output(id)).isEqualTo("first");
    }

    @Test
    void startWithId_unknownReusePolicy_answers400AndChangesNothing() {
        String id = finished("http-bad-policy");
        String fresh = Eventually.uniqueId("http-bad-policy-new");

        Response r = start(TestFunctions.ECHO, id, "\"second\"", "overwrite");
        Response none = start(TestFunctions.ECHO, fresh, "\"second\"", "overwrite");

        assertJsonError(r, 400, "InvalidRequest");
        assertThat(r.jsonPath().getString("message")).contains("reusePolicy").contains("useExisting")
                .contains("overwrite");
        assertJsonError(none, 400, "InvalidRequest");
        assertThat(output(id)).isEqualTo("first");
        assertThat(HttpApi.status(fresh).statusCode()).isEqualTo(404);
    }
}
