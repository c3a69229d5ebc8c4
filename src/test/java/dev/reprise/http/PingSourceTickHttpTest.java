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
 * binary-mode CloudEvent with JSON data {@code {}} and no key, because a PingSource can send neither a header of
 * its own nor a Secret's value. The tick route is therefore exempt from {@code reprise.http.api-key}; every other
 * route still wants the key. Shares {@link ApiKeyHttpTest}'s profile, so no extra Quarkus restart when they run
 * together.
 */
@QuarkusTest
@TestProfile(ApiKeyHttpTest.WithApiKey.class)
class PingSourceTickHttpTest {

    static final String TICK = "/runtime/webhooks/durabletask/tick";

    private static Response tickAsPingSource() {
        return given()
                .header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID().toString())
                .header("ce-type", "dev.knative.sources.ping")
                .header("ce-source", "/apis/v1/namespaces/default/pingsources/reprise-tick")
                .contentType("application/json")
                .body("{}")
                .post(TICK);
    }

    @Test
    void tick_asThePingSourceSendsIt_withoutTheApiKey_isAccepted() {
        Response r = tickAsPingSource();

        assertThat(r.statusCode()).as("k8s/pingsource.yaml POSTs to " + TICK + " without an API key (a PingSource "
                + "cannot send one), so that route must exist and be exempt from reprise.http.api-key; it answered "
                + r.statusCode() + " " + r.asString()).isBetween(200, 299);
    }

    @Test
    void otherRoutes_stillRequireTheKey() {
        assertThat(given().get("/runtime/webhooks/durabletask/instances").statusCode()).isEqualTo(401);
        assertThat(given().post(TICK + "/x").statusCode()).as("only the tick itself is open").isEqualTo(401);
    }
}
