package dev.reprise.http;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tick exactly as the Knative PingSource of {@code k8s/pingsource.yaml} sends it while an API key is set: a
 * binary-mode CloudEvent with JSON data {@code {}}, its only credential the tick-only key in the sink URI's
 * {@code ?code=} (a PingSource can send neither a header of its own nor a Secret's value). That key opens the tick
 * and nothing else. Shares {@link ApiKeyHttpTest}'s profile, so no extra Quarkus restart when they run together.
 */
@QuarkusTest
@TestProfile(ApiKeyHttpTest.WithApiKey.class)
class PingSourceTickHttpTest {

    static final String TICK = "/runtime/webhooks/durabletask/tick";
    static final String TICK_KEY = "tick-only-key-for-tests";

    /** @param code the {@code ?code=} value, or {@code null} for none */
    private static Response tickAsPingSource(String code) {
        var request = code == null ? given() : given().queryParam("code", code);
        return request
                .header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID().toString())
                .header("ce-type", "dev.knative.sources.ping")
                .header("ce-source", "/apis/v1/namespaces/default/pingsources/reprise-tick")
                .contentType("application/json")
                .body("{}")
                .post(TICK);
    }

    @Test
    void tick_asThePingSourceSendsIt_withTheTickKey_isAccepted() {
        Response r = tickAsPingSource(TICK_KEY);

        assertThat(r.statusCode()).as("k8s/pingsource.yaml POSTs to " + TICK + "?code=<tick key>; it answered "
                + r.statusCode() + " " + r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getBoolean("drained")).isNotNull();
    }

    @Test
    void tick_withoutAnyKey_isRefusedLikeEveryOtherRoute() {
        Response r = tickAsPingSource(null);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.jsonPath().getString("error")).isEqualTo("Unauthorized");
    }

    @Test
    void tick_withTheApiKey_isAccepted() {
        assertThat(tickAsPingSource(ApiKeyHttpTest.KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void tickKey_onAnyOtherRoute_isRefused() {
        assertThat(given().get("/runtime/webhooks/durabletask/instances?code=" + TICK_KEY).statusCode())
                .isEqualTo(401);
        assertThat(given().header("x-functions-key", TICK_KEY).get("/runtime/webhooks/durabletask/instances")
                .statusCode()).isEqualTo(401);
        assertThat(given().post(TICK + "/x?code=" + TICK_KEY).statusCode()).as("only the tick itself")
                .isEqualTo(401);
        assertThat(given().get(TICK + "?code=" + TICK_KEY).statusCode()).as("only POST").isEqualTo(401);
    }
}
