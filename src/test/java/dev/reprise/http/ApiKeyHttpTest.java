package dev.reprise.http;

import dev.reprise.engine.Eventually;
import dev.reprise.engine.TestFunctions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.reprise.http.HttpApi.ROOT;
import static dev.reprise.http.HttpApi.assertJsonError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code reprise.http.api-key}: every API route wants the key (header or {@code code}), the management URLs carry it,
 * health does not need it. The only test class with its own profile, because a profile restarts Quarkus.
 */
@QuarkusTest
@TestProfile(ApiKeyHttpTest.WithApiKey.class)
class ApiKeyHttpTest {

    /** Holds characters that must be URL-encoded in a query value, to prove the management URLs encode it. */
    static final String KEY = "s3cret key+/=&?#%;";
    private static final String HEADER = "x-functions-key";

    public static class WithApiKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("reprise.http.api-key", KEY, "reprise.http.tick-key", PingSourceTickHttpTest.TICK_KEY);
        }
    }

    private static Response startWithHeader(String id, String key) {
        return given().header(HEADER, key).contentType(ContentType.JSON).body("{\"n\":1}")
                .post(ROOT + "/orchestrators/{name}/{id}", TestFunctions.ECHO, id);
    }

    private static void assertUnauthorized(Response r) {
        assertJsonError(r, 401, "Unauthorized");
        assertThat(r.jsonPath().getString("message")).contains(HEADER).contains("code");
        assertThat(r.asString()).doesNotContain(KEY);
    }

    @Test
    void start_withoutKey_returns401JsonSayingHowToSendIt() {
        String id = Eventually.uniqueId("http-key-none");

        Response r = HttpApi.start(TestFunctions.ECHO, id, "1");

        assertUnauthorized(r);
        assertThat(r.jsonPath().getString("message")).contains("requires a key");
        assertThat(given().header(HEADER, KEY).get(ROOT + "/instances/{id}", id).statusCode())
                .as("nothing was started").isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"wrong", "", "s3cret key+/=&?#%", "s3cret key+/=&?#%;;", "S3CRET KEY+/=&?#%;"})
    void start_withWrongKeyInHeader_returns401Json(String wrongKey) {
        String id = Eventually.uniqueId("http-key-wrong");

        Response r = startWithHeader(id, wrongKey);

        assertUnauthorized(r);
        assertThat(given().header(HEADER, KEY).get(ROOT + "/instances/{id}", id).statusCode())
                .as("nothing was started").isEqualTo(404);
    }

    @Test
    void start_withWrongCode_returns401JsonSayingTheKeyIsNotValid() {
        Response r = given().queryParam("code", "wrong").contentType(ContentType.JSON).body("1")
                .post(ROOT + "/orchestrators/{name}/{id}", TestFunctions.ECHO, Eventually.uniqueId("http-key-code"));

        assertUnauthorized(r);
        assertThat(r.jsonPath().getString("message")).contains("not valid");
    }

    @Test
    void everyRouteUnderTheApiRoot_withoutKey_returns401NotItsOwnAnswer() {
        assertUnauthorized(given().get(ROOT + "/instances"));
        assertUnauthorized(given().get(ROOT + "/instances/{id}", "whatever"));
        assertUnauthorized(given().delete(ROOT + "/instances?createdTimeFrom=2020-01-01"));
        assertUnauthorized(given().post(ROOT + "/instances/{id}/terminate", "whatever"));
        assertUnauthorized(given().post(ROOT + "/entities/Counter/whatever?op=add"));
        assertUnauthorized(given().get(ROOT + "/entities/Counter/whatever"));
        assertUnauthorized(given().get(ROOT + "/entities"));
        assertUnauthorized(given().get(ROOT + "/no-such-route"));
        assertUnauthorized(given().put(ROOT + "/instances/whatever"));
        assertUnauthorized(given().get(ROOT));
    }

    @Test
    void bodyOverTheLimit_withoutKey_returns401Before413() {
        Response r = given().contentType(ContentType.JSON).body("\"" + "x".repeat(1024 * 1024 + 1) + "\"")
                .post(ROOT + "/orchestrators/{name}/{id}", TestFunctions.ECHO, Eventually.uniqueId("http-key-big"));

        assertUnauthorized(r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"//runtime/webhooks/durabletask/instances", "/runtime//webhooks///durabletask/instances",
            "/runtime/webhooks/durabletask/../durabletask/instances", "/runtime/./webhooks/durabletask/instances",
            "/runtime/webhooks/durabletask/instances/", "/runtime/webhooks/%64urabletask/instances",
            "/Runtime/Webhooks/DurableTask/instances", "/q/../runtime/webhooks/durabletask/instances"})
    void otherSpellingsOfTheApiPath_withoutKey_neverReachTheApi(String path) {
        HttpResponse<String> r = HttpApi.send("GET", path, null);

        assertThat(r.statusCode()).as("%s answered %s", path, r.body()).isIn(401, 404);
        assertThat(r.body()).as(path).doesNotContain("instanceId");
    }

    @Test
    void start_withKeyInHeader_returns202AndManagementUrlsThatCarryTheKey() {
        String id = Eventually.uniqueId("http-key-header");

        Response r = startWithHeader(id, KEY);

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
        // As Durable Functions' URLs: taskHub, connection, then the key as code (HttpApiHandler.GetClientResponseLinks).
        String code = HttpApi.hubQuery() + "&code=" + URLEncoder.encode(KEY, StandardCharsets.UTF_8)
                .replace("+", "%20");
        String root = r.jsonPath().getString("statusQueryGetUri");
        assertThat(root).endsWith(ROOT + "/instances/" + id + "?" + code);
        String instance = root.substring(0, root.indexOf('?'));
        assertThat(r.jsonPath().getString("sendEventPostUri")).isEqualTo(instance + "/raiseEvent/{eventName}?" + code);
        assertThat(r.jsonPath().getString("terminatePostUri")).isEqualTo(instance + "/terminate?reason={text}&" + code);
        assertThat(r.jsonPath().getString("purgeHistoryDeleteUri")).isEqualTo(root);
        assertThat(r.jsonPath().getString("restartPostUri")).isEqualTo(instance + "/restart?" + code);
        assertThat(r.jsonPath().getString("suspendPostUri")).isEqualTo(instance + "/suspend?reason={text}&" + code);
        assertThat(r.jsonPath().getString("resumePostUri")).isEqualTo(instance + "/resume?reason={text}&" + code);
        assertThat(r.header("Location")).isEqualTo(root);

        // The status URL works as it is, with no header: the key travels in it.
        Response done = Eventually.until("the status URL to report completion",
                () -> given().urlEncodingEnabled(false).get(root), s -> s.statusCode() == 200);
        assertThat(done.jsonPath().getMap("output")).isEqualTo(Map.of("n", 1));
    }

    @Test
    void start_withKeyAsCodeParameter_returns202() {
        String id = Eventually.uniqueId("http-key-code");

        Response r = given().queryParam("code", KEY).contentType(ContentType.JSON).body("2")
                .post(ROOT + "/orchestrators/{name}/{id}", TestFunctions.ECHO, id);

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
        assertThat(r.jsonPath().getString("id")).isEqualTo(id);
    }

    @Test
    void managementUrlsOfARunningInstance_canBeFollowedAsTheyAre() {
        String id = Eventually.uniqueId("http-key-follow");
        Response started = given().header(HEADER, KEY).post(ROOT + "/orchestrators/{name}/{id}",
                TestFunctions.WAIT_FOR_EVENT, id);
        assertThat(started.statusCode()).as(started.asString()).isEqualTo(202);
        String statusUri = started.jsonPath().getString("statusQueryGetUri");

        Response running = Eventually.until("the instance to run", () -> given().urlEncodingEnabled(false)
                .get(statusUri), s -> "Running".equals(s.jsonPath().getString("runtimeStatus")));
        assertThat(running.statusCode()).isEqualTo(202);
        assertThat(running.header("Location")).as("the Location of a status answer carries the key too")
                .isEqualTo(statusUri);

        String sendEvent = started.jsonPath().getString("sendEventPostUri")
                .replace("{eventName}", TestFunctions.APPROVAL_EVENT);
        Response raised = given().urlEncodingEnabled(false).contentType(ContentType.JSON).body("\"yes\"")
                .post(sendEvent);
        assertThat(raised.statusCode()).as(raised.asString()).isEqualTo(202);

        Response done = Eventually.until("the instance to complete", () -> given().urlEncodingEnabled(false)
                .get(statusUri), s -> s.statusCode() == 200);
        assertThat(done.jsonPath().getString("output")).isEqualTo("yes");
        Response purged = given().urlEncodingEnabled(false).delete(started.jsonPath()
                .getString("purgeHistoryDeleteUri"));
        assertThat(purged.statusCode()).as(purged.asString()).isEqualTo(200);
    }

    @Test
    void keyInHeaderOrCode_errorsAreStillTheRoutesOwn() {
        assertJsonError(given().header(HEADER, KEY).get(ROOT + "/instances/{id}",
                Eventually.uniqueId("http-key-unknown")), 404, "InstanceNotFound");
        assertJsonError(given().queryParam("code", KEY).get(ROOT + "/instances?top=0"), 400, "InvalidRequest");
    }

    @Test
    void health_needsNoKey() {
        for (String path : List.of("/q/health/ready", "/q/health/live", "/q/health")) {
            Response r = given().get(path);
            assertThat(r.statusCode()).as("%s: %s", path, r.asString()).isEqualTo(200);
            assertThat(r.jsonPath().getString("status")).isEqualTo("UP");
        }
    }
}
