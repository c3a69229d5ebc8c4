package dev.reprise.dashboard;

import dev.reprise.api.DurableClient;
import dev.reprise.api.EntityInstanceId;
import dev.reprise.api.EntityMetadata;
import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.engine.EntityTestFunctions;
import dev.reprise.engine.Eventually;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.reprise.dashboard.DashboardHttp.MANAGEMENT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's entity pages over HTTP without an API key: the list with its filters and pages, one entity, the
 * signal form (answering as the management API's signal route), and escaping. The API-key and browser tests cover
 * the same pages with a key and in Chromium.
 */
@QuarkusTest
class DashboardEntitiesHttpTest {

    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final Pattern ENTITY_LINK = Pattern.compile("href=\"(entity\\?id=[^\"]+)\"");
    private static final Pattern NEXT = Pattern.compile("href=\"entities\\?([^\"]+)\" rel=\"next\"");

    @Inject
    DurableClient client;

    private static EntityInstanceId raw(String key) {
        return EntityInstanceId.of(EntityTestFunctions.RAW, key);
    }

    /** Signals {@code set} with {@code json} to a TestRaw entity through the management API. */
    private static EntityInstanceId rawWithState(String key, String json) {
        EntityInstanceId id = raw(key);
        given().contentType("application/json").body(json)
                .post(MANAGEMENT + "/entities/{name}/{key}?op=set", id.getName(), id.getKey()).then().statusCode(202);
        return id;
    }

    private EntityMetadata eventuallyState(EntityInstanceId id, String state) {
        return Eventually.until(id + " to hold " + state, () -> client.getEntity(id, true).await().atMost(AWAIT),
                m -> m != null && state.equals(m.getSerializedState()));
    }

    private static String page(EntityInstanceId id) {
        return "entity?id=" + URLEncoder.encode(id.toString(), StandardCharsets.UTF_8);
    }

    private static List<String> links(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = ENTITY_LINK.matcher(html);
        while (m.find()) {
            out.add(m.group(1).replace("&amp;", "&"));
        }
        return out;
    }

    @Test
    void entities_filteredByNameAndKeyPrefix_pagesThroughExactlyThoseInIdOrder() {
        String prefix = Eventually.uniqueId("dash-ent") + "-";
        List<EntityInstanceId> ids = new ArrayList<>();
        for (String k : new String[]{"c", "a", "b"}) {
            ids.add(rawWithState(prefix + k, "{\"k\":\"" + k + "\"}"));
        }
        ids.forEach(id -> eventuallyState(id, "{\"k\":\"" + id.getKey().substring(prefix.length()) + "\"}"));
        rawWithState("other-" + prefix + "a", "1");
        DashboardHttp browser = new DashboardHttp();

        String first = browser.get("entities?name=" + EntityTestFunctions.RAW.toUpperCase() + "&key="
                + URLEncoder.encode(prefix, StandardCharsets.UTF_8) + "&size=2").asString();
        Matcher next = NEXT.matcher(first);
        assertThat(next.find()).as("a next page link").isTrue();
        String second = browser.get("entities?" + next.group(1).replace("&amp;", "&")).asString();

        List<String> shown = new ArrayList<>(links(first));
        shown.addAll(links(second));
        assertThat(shown).containsExactly(page(raw(prefix + "a")), page(raw(prefix + "b")), page(raw(prefix + "c")));
        assertThat(NEXT.matcher(second).find()).as("the last page").isFalse();
        assertThat(first).contains("<td class=\"num\">0</td>").contains(" characters</td>");

        String anyName = browser.get("entities?key=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8)).asString();
        assertThat(links(anyName)).hasSize(3).doesNotContain(page(raw("other-" + prefix + "a")));
    }

    @Test
    void entities_lockedEntity_showsItsHolderAndBacklog() {
        String key = Eventually.uniqueId("dash-lock");
        EntityInstanceId ledger = EntityInstanceId.of(EntityTestFunctions.LEDGER, key);
        String holder = client.scheduleNewOrchestration(EntityTestFunctions.LOCK_AND_WAIT,
                new EntityTestFunctions.Locking(List.of(key)), NewOrchestrationOptions.withInstanceId(
                        Eventually.uniqueId("dash-holder"))).await().atMost(AWAIT);
        Eventually.until("the lock", () -> client.getEntity(ledger, false).await().atMost(AWAIT),
                m -> m != null && holder.equals(m.getLockedBy()));
        client.signalEntity(ledger, "append", "waits").await().atMost(AWAIT);

        String list = new DashboardHttp().get("entities?name=" + EntityTestFunctions.LEDGER + "&key=" + key)
                .asString();
        String entity = new DashboardHttp().get(page(ledger)).asString();

        assertThat(list).contains(">" + holder + "</a>").contains("<td class=\"num\">1</td>");
        assertThat(entity).contains(">" + holder + "</a>").contains("<span id=\"backlog\">1</span>");
        client.raiseEvent(holder, EntityTestFunctions.GO, null).await().atMost(AWAIT);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "size, abc",
            "size, 0",
            "name, a@b",
            "all, maybe",
            "page, bm90LWEtdG9rZW4",
    })
    void entities_badFilter_answers400PageNamingTheProblem(String name, String value) {
        Response r = new DashboardHttp().get("entities?" + name + "=" + URLEncoder.encode(value,
                StandardCharsets.UTF_8));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("text/html");
        assertThat(r.asString()).contains("class=\"error\"")
                .containsIgnoringCase(name.equals("page") ? "continuation token" : name);
    }

    @Test
    void entity_page_showsIdPrettyStateLastModifiedAndTheSignalForm() {
        EntityInstanceId id = rawWithState(Eventually.uniqueId("dash-one"), "{\"a\":[1,2]}");
        eventuallyState(id, "{\"a\":[1,2]}");

        Response r = new DashboardHttp().get(page(id));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asString()).contains(id.toString())
                .contains("<pre id=\"state\">{\n  &quot;a&quot; : [ 1, 2 ]\n}</pre>")
                .containsPattern("<dd id=\"modified\">\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}</dd>")
                .contains("hx-post=\"entity/signal\"").contains("aria-current=\"page\">Entities");
    }

    @Test
    void entity_unknownOrMalformedId_answers404Or400Page() {
        Response unknown = new DashboardHttp().get(page(raw(Eventually.uniqueId("dash-none"))));
        Response malformed = new DashboardHttp().get("entity?id=counter");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.asString()).contains("No such entity");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.asString()).contains("@name@key");
    }

    @Test
    void signal_validOperation_isQueuedAndChangesTheState() {
        EntityInstanceId counter = EntityInstanceId.of("Counter", Eventually.uniqueId("dash-signal"));

        Response r = new DashboardHttp().open().post("entity/signal", Map.of("id", counter.toString(),
                "operation", "add", "input", " 5 "));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("HX-Trigger")).isEqualTo(InstanceActions.REFRESH);
        assertThat(r.asString()).contains("Operation &#39;add&#39; signalled to " + counter);
        eventuallyState(counter, "5");
    }

    @Test
    void signal_badInputOrOperation_answers400AsTheApiAndQueuesNothing() {
        EntityInstanceId id = rawWithState(Eventually.uniqueId("dash-bad"), "1");
        eventuallyState(id, "1");
        DashboardHttp browser = new DashboardHttp().open();

        Response badJson = browser.post("entity/signal", Map.of("id", id.toString(), "operation", "set",
                "input", "{\"a\":1} junk"));
        Response noOperation = browser.post("entity/signal", Map.of("id", id.toString(), "operation", " "));
        Response api = given().post(MANAGEMENT + "/entities/{name}/{key}?op= ", id.getName(), id.getKey());

        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(badJson.jsonPath().getString("error")).isEqualTo("InvalidRequest");
        assertThat(badJson.jsonPath().getString("message")).contains("operation input is not valid JSON");
        assertThat(noOperation.statusCode()).isEqualTo(api.statusCode()).isEqualTo(400);
        assertThat(noOperation.jsonPath().getString("message")).isEqualTo(api.jsonPath().getString("message"));
        EntityMetadata after = client.getEntity(id, true).await().atMost(AWAIT);
        assertThat(after.getBacklogQueueSize()).as("nothing was queued").isZero();
        assertThat(after.getSerializedState()).isEqualTo("1");
    }

    @Test
    void signal_unknownEntityName_answersAsTheApi404() {
        String key = Eventually.uniqueId("dash-nofn");

        Response dashboard = new DashboardHttp().open().post("entity/signal", Map.of("id", "@nosuchentity@" + key,
                "operation", "add"));
        Response api = given().post(MANAGEMENT + "/entities/nosuchentity/{key}?op=add", key);

        assertThat(dashboard.statusCode()).isEqualTo(api.statusCode()).isEqualTo(404);
        assertThat(dashboard.jsonPath().getString("error")).isEqualTo(api.jsonPath().getString("error"))
                .isEqualTo("EntityNotFound");
        assertThat(dashboard.jsonPath().getString("message")).isEqualTo(api.jsonPath().getString("message"));
    }

    @Test
    void signal_withoutCsrfHeader_answers403AndQueuesNothing() {
        EntityInstanceId counter = EntityInstanceId.of("Counter", Eventually.uniqueId("dash-csrf"));
        DashboardHttp browser = new DashboardHttp().open();

        Response none = browser.request().formParam("id", counter.toString()).formParam("operation", "add")
                .formParam("input", "1").post(DashboardHttp.BASE + "entity/signal");
        Response wrong = browser.request().header(DashboardAccess.CSRF_HEADER, "guess")
                .formParam("id", counter.toString()).formParam("operation", "add").formParam("input", "1")
                .post(DashboardHttp.BASE + "entity/signal");

        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(client.getEntity(counter, false).await().atMost(AWAIT)).isNull();
        assertThat(given().get(MANAGEMENT + "/entities/Counter/{key}", counter.getKey()).statusCode()).isEqualTo(404);
    }

    @Test
    void entity_hostileKeyAndState_areEscapedInTheListAndThePage() {
        String key = "\"><img src=x onerror=alert(1)><script>alert(1)<" + Eventually.uniqueId("dash-xss");
        EntityInstanceId id = rawWithState(key, "{\"note\":\"<script>alert(1)</script>\"}");
        eventuallyState(id, "{\"note\":\"<script>alert(1)</script>\"}");

        String list = new DashboardHttp().get("entities?name=" + EntityTestFunctions.RAW + "&key="
                + URLEncoder.encode(key, StandardCharsets.UTF_8)).asString();
        String entity = new DashboardHttp().get(page(id)).asString();

        for (String html : new String[]{list, entity}) {
            assertThat(html).doesNotContain("<img src=x").doesNotContain("<script>alert")
                    .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(1)&lt;");
        }
        assertThat(links(list)).containsExactly(page(id));
        assertThat(entity).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void engine_page_listsTheRegisteredEntitiesLinkedToTheirList() {
        String html = new DashboardHttp().get("engine").asString();

        assertThat(html).contains("<a href=\"entities?name=Counter\">Counter</a>")
                .contains(">" + EntityTestFunctions.LEDGER + "</a>");
    }
}
