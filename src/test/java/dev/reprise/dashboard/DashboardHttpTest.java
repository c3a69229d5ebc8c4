package dev.reprise.dashboard;

import dev.reprise.api.DurableClient;
import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.engine.Eventually;
import dev.reprise.engine.LifecycleFunctions;
import dev.reprise.engine.TestFunctions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static dev.reprise.dashboard.DashboardHttp.MANAGEMENT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard over HTTP without an API key: pages, security headers, escaping, the CSRF check, and commands that
 * answer as the management API does. The browser tests (src/test/browser) drive the same pages in Chromium.
 */
@QuarkusTest
class DashboardHttpTest {

    private static final Duration AWAIT = Duration.ofSeconds(30);

    @Inject
    DurableClient client;

    private String started(String name, String id, Object input) {
        client.scheduleNewOrchestration(name, input, NewOrchestrationOptions.withInstanceId(id)).await().atMost(AWAIT);
        return id;
    }

    private String status(String id) {
        return client.getInstanceMetadata(id, false).await().atMost(AWAIT).getRuntimeStatus().name();
    }

    private static String page(String id) {
        return "instance?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    @Test
    void instances_page_isHtmlWithSecurityHeadersAndAnHttpOnlyStrictCsrfCookie() {
        Response r = new DashboardHttp().get("instances");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/html");
        assertThat(r.header("Content-Security-Policy")).contains("script-src 'self'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Set-Cookie")).contains(DashboardAccess.CSRF_COOKIE).contains("HTTPOnly")
                .contains("SameSite=Strict").contains("Path=/dashboard");
        assertThat(r.asString()).contains("<base href=\"/dashboard/\">")
                .contains("../webjars/htmx.org/").doesNotContain("https://");
    }

    @Test
    void dashboard_root_redirectsToTheInstances() {
        Response r = new DashboardHttp().get("");

        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.header("Location")).endsWith("/dashboard/instances");
    }

    @Test
    void assets_htmxAndOwnScript_areServedByTheApplication() {
        given().get("/webjars/htmx.org/2.0.7/dist/htmx.min.js").then().statusCode(200);
        given().get("/dashboard/assets/dashboard.js").then().statusCode(200);
        given().get("/dashboard/assets/dashboard.css").then().statusCode(200);
    }

    @Test
    void instances_filteredByPrefixAndStatus_listsOnlyThoseWithCounts() {
        String prefix = Eventually.uniqueId("dash-list") + "-";
        String done = started(TestFunctions.ECHO, prefix + "done", 1);
        String failed = started(TestFunctions.FAIL, prefix + "failed", "x");
        client.waitForInstanceCompletion(done, AWAIT).await().atMost(AWAIT);
        client.waitForInstanceCompletion(failed, AWAIT).await().atMost(AWAIT);

        String all = new DashboardHttp().get("instances?prefix=" + prefix).asString();
        Response onlyFailed = new DashboardHttp().request().header("HX-Target", "results").urlEncodingEnabled(false)
                .get(DashboardHttp.BASE + "instances?status=Failed&prefix=" + prefix);

        assertThat(all).contains(done).contains(failed);
        assertThat(onlyFailed.statusCode()).isEqualTo(200);
        assertThat(onlyFailed.asString()).as("htmx gets the results fragment only").doesNotContain("<html")
                .startsWith("<section id=\"results\"").contains(failed).doesNotContain(prefix + "done<");
        assertThat(onlyFailed.asString().replaceAll("\\s+", " ")).contains("Completed <b>1</b>")
                .contains("Failed <b>1</b>");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "size, abc",
            "size, 0",
            "from, notadate",
            "status, Bogus",
            "sort, sideways",
    })
    void instances_badFilter_answers400PageNamingTheField(String name, String value) {
        Response r = new DashboardHttp().get("instances?" + name + "=" + value);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("text/html");
        assertThat(r.asString()).contains("class=\"error\"").containsIgnoringCase(name.equals("from") ? "Created from"
                : name);
    }

    @Test
    void instances_fromAfterTo_answers400() {
        Response r = new DashboardHttp().get("instances?from=2026-02-01T00:00&to=2026-01-01T00:00");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.asString()).contains("is after");
    }

    @Test
    void instance_unknown_answers404Page() {
        Response r = new DashboardHttp().get(page(Eventually.uniqueId("dash-none")));

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.asString()).contains("No such instance");
    }

    @Test
    void instance_hostileIdInputAndOutput_areEscapedEverywhere() {
        String id = "\"><img src=x onerror=alert(1)>" + Eventually.uniqueId("dash-xss");
        started(TestFunctions.ECHO, id, "<script>alert(1)</script>");
        client.waitForInstanceCompletion(id, AWAIT).await().atMost(AWAIT);

        String instance = new DashboardHttp().get(page(id)).asString();
        String list = new DashboardHttp().get("instances?prefix=" + URLEncoder.encode(id, StandardCharsets.UTF_8))
                .asString();

        for (String html : new String[]{instance, list}) {
            assertThat(html).doesNotContain("<img src=x").doesNotContain("<script>alert")
                    .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
        }
        assertThat(instance).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void post_withoutCsrfHeader_answers403AndChangesNothing() {
        String id = started(TestFunctions.WAIT_FOR_EVENT, Eventually.uniqueId("dash-csrf"), null);
        client.waitForInstanceStart(id, AWAIT).await().atMost(AWAIT);
        DashboardHttp browser = new DashboardHttp().open();

        Response none = browser.request().formParam("id", id).post(DashboardHttp.BASE + "instance/terminate");
        Response wrong = browser.request().header(DashboardAccess.CSRF_HEADER, "guess").formParam("id", id)
                .post(DashboardHttp.BASE + "instance/terminate");

        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(none.jsonPath().getString("error")).isEqualTo("Forbidden");
        assertThat(status(id)).isEqualTo("Running");
        client.terminate(id, "cleanup").await().atMost(AWAIT);
    }

    @Test
    void terminate_runningInstance_isSentAndTheInstanceTerminates() {
        String id = started(TestFunctions.WAIT_FOR_EVENT, Eventually.uniqueId("dash-terminate"), null);
        client.waitForInstanceStart(id, AWAIT).await().atMost(AWAIT);

        Response r = new DashboardHttp().open().post("instance/terminate", Map.of("id", id, "reason", "enough"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("HX-Trigger")).isEqualTo(InstanceActions.REFRESH);
        assertThat(r.asString()).contains("Terminate sent");
        assertThat(client.waitForInstanceCompletion(id, AWAIT).await().atMost(AWAIT).getSerializedOutput())
                .isEqualTo("\"enough\"");
    }

    /** The same refusal as the management API's route for the same request: status, error and message. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "terminate, terminate",
            "suspend, suspend",
            "resume, resume",
            "rewind, rewind",
    })
    void command_onFinishedInstance_answersAsTheManagementApi(String action, String route) {
        String id = started(TestFunctions.ECHO, Eventually.uniqueId("dash-finished"), 1);
        client.waitForInstanceCompletion(id, AWAIT).await().atMost(AWAIT);

        Response dashboard = new DashboardHttp().open().post("instance/" + action, Map.of("id", id));
        Response api = given().post(MANAGEMENT + "/instances/{id}/" + route, id);

        assertThat(dashboard.statusCode()).isEqualTo(api.statusCode()).isEqualTo(410);
        assertThat(dashboard.jsonPath().getString("error")).isEqualTo(api.jsonPath().getString("error"));
        assertThat(dashboard.jsonPath().getString("message")).isEqualTo(api.jsonPath().getString("message"));
    }

    @Test
    void rewind_failedInstance_isOfferedSentAndTheInstanceCompletes() {
        String key = Eventually.uniqueId("dash-rewind");
        LifecycleFunctions.BROKEN.add(key);
        String id = started(LifecycleFunctions.REWIND_CHAIN, Eventually.uniqueId("dash-rewind"), key);
        client.waitForInstanceCompletion(id, AWAIT).await().atMost(AWAIT);
        LifecycleFunctions.BROKEN.remove(key);
        DashboardHttp browser = new DashboardHttp().open();
        assertThat(browser.get(Paths.instance(id)).asString()).contains("instance/rewind");

        Response r = browser.post("instance/rewind", Map.of("id", id, "reason", "fixed"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("HX-Trigger")).isEqualTo(InstanceActions.REFRESH);
        assertThat(r.asString()).contains("Rewind sent");
        assertThat(client.waitForInstanceCompletion(id, AWAIT).await().atMost(AWAIT).getSerializedOutput())
                .isEqualTo("\"" + key + ":a|b|" + key + ":c\"");
    }

    @Test
    void raiseEvent_badNameOrData_answers400AndTheInstanceKeepsWaiting() {
        String id = started(TestFunctions.WAIT_FOR_EVENT, Eventually.uniqueId("dash-event"), null);
        client.waitForInstanceStart(id, AWAIT).await().atMost(AWAIT);
        DashboardHttp browser = new DashboardHttp().open();

        Response badName = browser.post("instance/raise-event", Map.of("id", id, "eventName", " ", "eventData", "1"));
        Response badData = browser.post("instance/raise-event", Map.of("id", id, "eventName",
                TestFunctions.GO_EVENT, "eventData", "{\"a\":1} junk"));
        Response api = given().contentType("application/json").body("1")
                .post(MANAGEMENT + "/instances/{id}/raiseEvent/{name}", id, " ");

        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.jsonPath().getString("message")).isEqualTo(api.jsonPath().getString("message"));
        assertThat(badData.statusCode()).isEqualTo(400);
        assertThat(badData.jsonPath().getString("message")).contains("not valid JSON");
        assertThat(status(id)).isEqualTo("Running");
        client.terminate(id, "cleanup").await().atMost(AWAIT);
    }

    @Test
    void restart_startsTheSameOrchestratorWithTheSameInputUnderANewId() {
        String id = started(TestFunctions.ECHO, Eventually.uniqueId("dash-restart"), Map.of("k", "v"));
        client.waitForInstanceCompletion(id, AWAIT).await().atMost(AWAIT);

        Response r = new DashboardHttp().open().post("instance/restart", Map.of("id", id));

        assertThat(r.statusCode()).isEqualTo(204);
        String location = r.header("HX-Redirect");
        assertThat(location).startsWith("/dashboard/instance?id=");
        String newId = URLDecoder.decode(location.substring(location.indexOf('=') + 1), StandardCharsets.UTF_8);
        assertThat(newId).isNotEqualTo(id);
        assertThat(client.waitForInstanceCompletion(newId, AWAIT).await().atMost(AWAIT).getSerializedOutput())
                .isEqualTo("{\"k\":\"v\"}");
    }

    @Test
    void purge_runningInstanceIsRefused_finishedOneGoes() {
        String running = started(TestFunctions.WAIT_FOR_EVENT, Eventually.uniqueId("dash-purge-live"), null);
        String done = started(TestFunctions.ECHO, Eventually.uniqueId("dash-purge"), 1);
        client.waitForInstanceStart(running, AWAIT).await().atMost(AWAIT);
        client.waitForInstanceCompletion(done, AWAIT).await().atMost(AWAIT);
        DashboardHttp browser = new DashboardHttp().open();

        Response refused = browser.post("instance/purge", Map.of("id", running));
        Response purged = browser.post("instance/purge", Map.of("id", done));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.jsonPath().getString("message")).contains("Terminate it first");
        assertThat(purged.statusCode()).isEqualTo(204);
        assertThat(purged.header("HX-Redirect")).isEqualTo("/dashboard/instances");
        assertThat(client.getInstanceMetadata(done, false).await().atMost(AWAIT)).isNull();
        client.terminate(running, "cleanup").await().atMost(AWAIT);
    }

    @Test
    void instance_withHistory_showsTimelineAndTable() {
        String id = started(TestFunctions.CHAIN, Eventually.uniqueId("dash-chain"), new String[]{"a", "b"});
        client.waitForInstanceCompletion(id, AWAIT).await().atMost(AWAIT);

        String html = new DashboardHttp().get(page(id)).asString();

        assertThat(html).contains("<svg id=\"timeline\"").contains("class=\"bar activity completed\"")
                .contains("TaskScheduled").contains("TaskCompleted").contains(TestFunctions.GREET);
    }

    @Test
    void engine_page_listsTheRegisteredFunctions() {
        String html = new DashboardHttp().get("engine").asString();

        assertThat(html).contains(TestFunctions.ECHO).contains(TestFunctions.GREET).contains("inbox messages due");
    }
}
