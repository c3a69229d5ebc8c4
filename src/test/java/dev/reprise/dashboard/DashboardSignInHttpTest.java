package dev.reprise.dashboard;

import dev.reprise.api.DurableClient;
import dev.reprise.api.EntityInstanceId;
import dev.reprise.engine.Eventually;
import dev.reprise.testing.MovableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** With {@code reprise.http.api-key} set, the dashboard is closed until a sign-in with that key. */
@QuarkusTest
@TestProfile(DashboardSignInHttpTest.WithApiKey.class)
class DashboardSignInHttpTest {

    /** Characters that need encoding in a form, to prove the key is read exactly. */
    static final String KEY = "dash key+/=&?#%;\"<>";

    public static class WithApiKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("reprise.http.api-key", KEY, "reprise.dashboard.session-duration", "1h");
        }
    }

    @Inject
    MovableClock clock;
    @Inject
    DurableClient client;

    private static DashboardHttp signedIn() {
        DashboardHttp browser = new DashboardHttp();
        browser.get(DashboardAccess.SIGN_IN);
        Response r = browser.post(DashboardAccess.SIGN_IN, Map.of("key", KEY));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(204);
        return browser;
    }

    @Test
    void page_withoutSession_redirectsToTheSignInForm() {
        Response r = new DashboardHttp().get("instances");

        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.header("Location")).isEqualTo("/dashboard/sign-in");
        assertThat(r.asString()).doesNotContain("Instances");
        assertThat(new DashboardHttp().get(DashboardAccess.SIGN_IN).asString()).contains("name=\"key\"");
    }

    @Test
    void htmxRequestOrPost_withoutSession_answers401AndPointsToTheSignIn() {
        DashboardHttp browser = new DashboardHttp();
        browser.get(DashboardAccess.SIGN_IN);

        Response fragment = browser.request().header("HX-Request", "true").get("/dashboard/instances");
        Response command = browser.post("instance/terminate", Map.of("id", "anything"));

        assertThat(fragment.statusCode()).isEqualTo(401);
        assertThat(fragment.header("HX-Redirect")).isEqualTo("/dashboard/sign-in");
        assertThat(command.statusCode()).isEqualTo(401);
        assertThat(command.jsonPath().getString("error")).isEqualTo("Unauthorized");
    }

    @Test
    void entityPagesAndSignal_withoutSession_areClosedAndQueueNothing() {
        EntityInstanceId counter = EntityInstanceId.of("Counter", Eventually.uniqueId("dash-key-signal"));
        DashboardHttp browser = new DashboardHttp();
        browser.get(DashboardAccess.SIGN_IN);

        Response list = browser.get("entities");
        Response page = browser.get("entity?id=" + counter);
        Response signal = browser.post("entity/signal", Map.of("id", counter.toString(), "operation", "add",
                "input", "1"));

        assertThat(list.statusCode()).isEqualTo(303);
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(signal.statusCode()).isEqualTo(401);
        assertThat(client.getEntity(counter, false).await().atMost(Duration.ofSeconds(30))).isNull();
        DashboardHttp signedIn = signedIn();
        assertThat(signedIn.get("entities").statusCode()).isEqualTo(200);
        assertThat(signedIn.post("entity/signal", Map.of("id", counter.toString(), "operation", "add", "input", "1"))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void signIn_wrongKey_answers401AndSetsNoSession() {
        DashboardHttp browser = new DashboardHttp();
        browser.get(DashboardAccess.SIGN_IN);

        Response r = browser.post(DashboardAccess.SIGN_IN, Map.of("key", KEY + "x"));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.asString()).contains("not the API key");
        assertThat(browser.cookies).doesNotContainKey(DashboardAccess.SESSION_COOKIE);
        assertThat(browser.get("instances").statusCode()).isEqualTo(303);
    }

    @Test
    void signIn_rightKey_setsAnHttpOnlyStrictSessionCookieThatOpensTheDashboard() {
        DashboardHttp browser = new DashboardHttp();
        browser.get(DashboardAccess.SIGN_IN);

        Response r = browser.post(DashboardAccess.SIGN_IN, Map.of("key", KEY));

        assertThat(r.header("HX-Redirect")).isEqualTo("/dashboard/instances");
        String setCookie = r.getHeaders().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(DashboardAccess.SESSION_COOKIE)).findFirst().orElseThrow();
        assertThat(setCookie).contains("HTTPOnly").contains("SameSite=Strict").contains("Path=/dashboard")
                .contains("Max-Age=3600").doesNotContain("dash key");
        assertThat(browser.get("instances").statusCode()).isEqualTo(200);
        assertThat(browser.get("engine").statusCode()).isEqualTo(200);
    }

    @Test
    void session_forgedOrExpired_isRefused() {
        DashboardHttp forged = new DashboardHttp();
        forged.cookies.put(DashboardAccess.SESSION_COOKIE, "99999999999.bm90LWEtbWFj");
        assertThat(forged.get("instances").statusCode()).isEqualTo(303);

        DashboardHttp browser = signedIn();
        assertThat(browser.get("instances").statusCode()).isEqualTo(200);
        clock.advance(Duration.ofHours(1).plusMinutes(1));
        assertThat(browser.get("instances").statusCode()).as("a session ends after its duration").isEqualTo(303);
    }

    @Test
    void signOut_endsTheSession() {
        DashboardHttp browser = signedIn();

        Response r = browser.post("sign-out", Map.of());

        assertThat(r.header("HX-Redirect")).isEqualTo("/dashboard/sign-in");
        assertThat(browser.get("instances").statusCode()).isEqualTo(303);
    }

    @Test
    void assets_areServedWithoutSession_andTheApiStillTakesItsKey() {
        given().get("/dashboard/assets/dashboard.css").then().statusCode(200);
        given().get("/runtime/webhooks/durabletask/instances").then().statusCode(401);
        given().header("x-functions-key", KEY).get("/runtime/webhooks/durabletask/instances").then().statusCode(200);
    }
}
