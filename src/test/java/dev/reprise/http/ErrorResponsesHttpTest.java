package dev.reprise.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static dev.reprise.http.HttpApi.ROOT;
import static dev.reprise.http.HttpApi.assertJsonError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Errors the routing layer produces are JSON {error, message} too, never HTML or an empty body. */
@QuarkusTest
class ErrorResponsesHttpTest {

    @Test
    void unknownRoute_underApiRoot_returns404Json() {
        Response r = given().get(ROOT + "/no-such-thing");

        assertJsonError(r, 404, "NotFound");
        assertThat(r.jsonPath().getString("message")).contains("/runtime/webhooks/durabletask");
    }

    @Test
    void wrongMethod_onStatusRoute_returns405Json() {
        Response r = given().put(ROOT + "/instances/some-id");

        assertJsonError(r, 405, "MethodNotAllowed");
    }

    @Test
    void getOnStartRoute_returns405Json() {
        Response r = given().get(ROOT + "/orchestrators/TestEcho");

        assertJsonError(r, 405, "MethodNotAllowed");
    }
}
