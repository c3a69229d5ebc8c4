package dev.reprise.dashboard;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** {@code reprise.dashboard.enabled=false}: nothing under /dashboard answers; the management API is untouched. */
@QuarkusTest
@TestProfile(DashboardDisabledHttpTest.Disabled.class)
class DashboardDisabledHttpTest {

    public static class Disabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("reprise.dashboard.enabled", "false");
        }
    }

    @Test
    void dashboard_disabled_answers404EverywhereUnderIt() {
        given().redirects().follow(false).get("/dashboard").then().statusCode(404);
        given().get("/dashboard/instances").then().statusCode(404);
        given().get("/dashboard/assets/dashboard.js").then().statusCode(404);
        given().header(DashboardAccess.CSRF_HEADER, "x").post("/dashboard/instance/terminate").then().statusCode(404);
        given().get("/runtime/webhooks/durabletask/instances").then().statusCode(200);
    }
}
