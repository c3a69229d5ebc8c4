package dev.reprise.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.reprise.engine.Eventually;
import dev.reprise.engine.TestFunctions;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.reprise.http.HttpApi.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Text built to break SQL, URLs and encodings (quotes, SQL comments, backslashes, dollar quotes, LIKE wildcards,
 * emoji, right-to-left text, CJK, combining marks, control characters) goes in through every part of the HTTP API
 * (instance IDs, event names, reasons, payloads, query prefixes) and must come back exactly as sent, with the tables
 * intact: every statement binds its values as parameters. Control characters, which IDs may not hold by design, are
 * refused with 400.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputHttpTest {

    private static final String PREFIX = "http-hostile-" + UUID.randomUUID() + "-";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final String[] JSON_TYPE = {"Content-Type", "application/json"};
    private static final List<String> TABLES = List.of("reprise_instances", "reprise_history", "reprise_inbox",
            "reprise_work_items");

    /** Allowed in instance IDs, event names and reasons alike. */
    static final List<String> HOSTILE = List.of(
            "it's",
            "say \"hi\"",
            "'; DROP TABLE reprise_instances; --",
            "\"; DROP TABLE reprise_history; --",
            "x'); DELETE FROM reprise_inbox WHERE ('1'='1",
            "' OR '1'='1' --",
            "$1 $$ $tag$ dollar quotes $tag$",
            "100% _like_ wildcards %_%",
            "-- line comment ; semicolons ;",
            "emoji 🚀🔥 👩‍👩‍👧‍👦 🏳️‍🌈",
            "RTL עברית العربية \u202Eevil\u202C",
            "CJK 漢字 かな カナ 한국어 𠜎",
            "combining e\u0301 a\u0308 Z\u0336\u0335 \u0E01\u0E34 \u0915\u094D\u0937",
            "zero width \u200B\u200D\uFEFF",
            "<b onmouseover=alert(1)> &amp; %00 %27 %2F +plus+ =eq= &and&",
            "NULL");
    /** Allowed in event names, reasons and payloads, refused in instance IDs. */
    static final List<String> HOSTILE_NOT_FOR_IDS = List.of(
            "back\\slash \\\\ \\' \\\" \\0 \\x00 \\n",
            "E'\\\\x27' path/with/slashes #hash ?query",
            "/* comment */ <script>alert(1)</script>");
    /** Control characters: never in an instance ID or event name; fine inside a JSON payload. */
    static final String CONTROLS = "\u0001\u0002\u0007\b\f\n\r\t\u000B\u001B\u001F\u007F\u0085\u009F\u2028\u2029";

    @Inject
    Pool pool;

    static Stream<String> hostileTexts() {
        return Stream.concat(HOSTILE.stream(), HOSTILE_NOT_FOR_IDS.stream());
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> hostileIds() {
        return IntStream.range(0, HOSTILE.size()).mapToObj(i -> arguments(i, HOSTILE.get(i)));
    }

    /** Every string of this class as key and value, control characters, and text that only looks like escapes. */
    private static ObjectNode payload(String text) {
        ObjectNode p = JSON.createObjectNode();
        p.put("text", text);
        p.put(text, "as a key");
        p.put("controls", CONTROLS);
        p.put("escapes", "\\u0000 \\n \\\" \\\\ are text here, not escapes");
        p.put("nul", "before\u0000after");
        p.putArray("all").addAll(hostileTexts().map(TextNode::new).toList());
        p.putNull("null");
        p.put("number", 42);
        return p;
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("hostileIds")
    @Order(1)
    void hostileInstanceIdAndEventName_roundTripExactlyThroughEveryRoute(int index, String text) throws Exception {
        String id = PREFIX + text;
        String event = text + " " + HOSTILE_NOT_FOR_IDS.get(index % HOSTILE_NOT_FOR_IDS.size());
        ObjectNode input = JSON.createObjectNode().put("event", event);
        input.set("payload", payload(text));
        TextNode data = new TextNode(text + CONTROLS + "\\");

        HttpResponse<String> started = HttpApi.send("POST", ROOT + "/orchestrators/" + HostileFunctions.ROUND_TRIP
                + "/" + enc(id), JSON.writeValueAsBytes(input), JSON_TYPE);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode urls = JSON.readTree(started.body());
        assertThat(urls.get("id").asText()).isEqualTo(id);
        String statusUri = urls.get("statusQueryGetUri").asText();
        assertThat(started.headers().firstValue("Location")).hasValue(statusUri);

        // Follow the management URLs exactly as they were handed out.
        JsonNode waiting = Eventually.until("the instance to wait for its event", () -> getJson(statusUri),
                s -> "Running".equals(s.path("runtimeStatus").asText()) && s.path("customStatus").isObject());
        assertThat(waiting.get("instanceId").asText()).isEqualTo(id);
        assertThat(waiting.get("customStatus")).isEqualTo(input.get("payload"));
        HttpResponse<String> raised = HttpApi.send("POST", path(urls.get("sendEventPostUri").asText()
                .replace("{eventName}", enc(event))), JSON.writeValueAsBytes(data), JSON_TYPE);
        assertThat(raised.statusCode()).as(raised.body()).isEqualTo(202);
        String withHistory = statusUri + (statusUri.contains("?") ? "&" : "?")
                + "showHistory=true&showHistoryOutput=true&historyFormat=reprise";
        JsonNode done = Eventually.until("the instance to complete", () -> getJson(withHistory),
                s -> "Completed".equals(s.path("runtimeStatus").asText()));

        assertThat(done.get("instanceId").asText()).isEqualTo(id);
        assertThat(done.get("input")).isEqualTo(input);
        assertThat(done.get("customStatus")).isEqualTo(input.get("payload"));
        assertThat(done.get("output").get("payload")).isEqualTo(input.get("payload"));
        assertThat(done.get("output").get("activity")).as("through a work item").isEqualTo(input.get("payload"));
        assertThat(done.get("output").get("event")).as("through the inbox").isEqualTo(data);
        List<JsonNode> raisedEvents = new ArrayList<>();
        done.get("historyEvents").forEach(e -> {
            if ("EventRaised".equals(e.path("eventType").asText())) {
                raisedEvents.add(e);
            }
        });
        assertThat(raisedEvents).singleElement().satisfies(e -> {
            assertThat(e.get("name").asText()).isEqualTo(event);
            assertThat(e.get("input")).isEqualTo(data);
        });

        JsonNode byPrefix = getJson(ROOT + "/instances?showInput=true&instanceIdPrefix=" + enc(id));
        assertThat(byPrefix).singleElement().satisfies(m -> {
            assertThat(m.get("instanceId").asText()).isEqualTo(id);
            assertThat(m.get("input")).isEqualTo(input);
        });

        HttpResponse<String> purged = HttpApi.send("DELETE", path(urls.get("purgeHistoryDeleteUri").asText()), null);
        assertThat(purged.statusCode()).as(purged.body()).isEqualTo(200);
        assertThat(JSON.readTree(purged.body()).get("instancesDeleted").asInt()).isEqualTo(1);
        assertThat(HttpApi.send("GET", path(statusUri), null).statusCode()).isEqualTo(404);
        assertTablesIntact();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("hostileTexts")
    @Order(2)
    void hostileReasons_roundTripThroughSuspendResumeAndTerminate(String reason) throws Exception {
        String id = Eventually.uniqueId(PREFIX + "reason");
        HttpApi.started(TestFunctions.WAIT_FOR_EVENT, id, null);
        HttpApi.awaitStatus(id, "Running");
        String instance = ROOT + "/instances/" + enc(id);

        assertThat(HttpApi.send("POST", instance + "/suspend?reason=" + enc(reason), null).statusCode())
                .isEqualTo(202);
        HttpApi.awaitStatus(id, "Suspended");
        assertThat(HttpApi.send("POST", instance + "/resume?reason=" + enc(reason + "!"), null).statusCode())
                .isEqualTo(202);
        HttpApi.awaitStatus(id, "Running");
        assertThat(HttpApi.send("POST", instance + "/terminate?reason=" + enc(reason + CONTROLS), null)
                .statusCode()).isEqualTo(202);
        HttpApi.awaitStatus(id, "Terminated");

        JsonNode done = getJson(instance + "?showHistory=true&historyFormat=reprise");
        assertThat(done.get("output").asText()).isEqualTo(reason + CONTROLS);
        List<String> reasons = new ArrayList<>();
        done.get("historyEvents").forEach(e -> {
            if (e.has("reason")) {
                reasons.add(e.path("eventType").asText() + ": " + e.get("reason").asText());
            }
        });
        assertThat(reasons).containsExactly("ExecutionSuspended: " + reason, "ExecutionResumed: " + reason + "!",
                "ExecutionTerminated: " + reason + CONTROLS);
        assertTablesIntact();
    }

    @ParameterizedTest(name = "[{index}] U+{0}")
    @ValueSource(ints = {0x01, 0x08, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x85, 0x9F})
    @Order(3)
    void controlCharacterInInstanceId_isRefusedWith400AndCreatesNothing(int codePoint) throws Exception {
        String id = PREFIX + "ctl" + (char) codePoint + "x";

        HttpResponse<String> r = HttpApi.send("POST", ROOT + "/orchestrators/" + TestFunctions.ECHO + "/" + enc(id),
                "1".getBytes(StandardCharsets.UTF_8), JSON_TYPE);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body());
        assertThat(error.get("error").asText()).isEqualTo("InvalidRequest");
        assertThat(error.get("message").asText()).contains("control characters")
                .contains(String.format("U+%04X", codePoint));
        assertThat(getJson(ROOT + "/instances?instanceIdPrefix=" + enc(PREFIX + "ctl"))).isEmpty();
        assertThat(HttpApi.send("GET", ROOT + "/instances/" + enc(id), null).statusCode()).isEqualTo(400);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("hostileTexts")
    @Order(4)
    void backslashOrOtherReservedCharacterInInstanceId_isRefusedWith400(String text) throws Exception {
        String id = PREFIX + text;

        HttpResponse<String> r = HttpApi.send("POST", ROOT + "/orchestrators/" + TestFunctions.ECHO + "/" + enc(id),
                "1".getBytes(StandardCharsets.UTF_8), JSON_TYPE);

        if (HOSTILE_NOT_FOR_IDS.contains(text)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).get("message").asText()).contains("instanceId");
        } else {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            JsonNode done = Eventually.until("the instance to complete", () -> getJson(ROOT + "/instances/"
                    + enc(id)), s -> "Completed".equals(s.path("runtimeStatus").asText()));
            assertThat(done.get("instanceId").asText()).isEqualTo(id);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("hostileTexts")
    @Order(5)
    void hostileQueryPrefixes_matchLiterallyAndNeverFail(String text) throws Exception {
        String seeded = PREFIX + "q-" + text.hashCode() + "-";
        HttpApi.started(TestFunctions.ECHO, seeded + "plain", "1");

        for (String prefix : List.of(text, seeded + text, "'", "%", "_", "\\", PREFIX + "q-%", seeded + "%")) {
            HttpResponse<String> r = HttpApi.send("GET", ROOT + "/instances?top=1000&instanceIdPrefix="
                    + enc(prefix), null);
            assertThat(r.statusCode()).as("prefix %s: %s", prefix, r.body()).isEqualTo(200);
            for (JsonNode m : JSON.readTree(r.body())) {
                assertThat(m.get("instanceId").asText()).as("prefix %s", prefix).startsWith(prefix);
            }
        }
        assertThat(getJson(ROOT + "/instances?instanceIdPrefix=" + enc(seeded))).singleElement()
                .satisfies(m -> assertThat(m.get("instanceId").asText()).isEqualTo(seeded + "plain"));
        assertTablesIntact();
    }

    @Test
    @Order(6)
    void afterAllThat_everyTableStillExistsAndAnswers() {
        assertTablesIntact();
        Row row = pool.preparedQuery("SELECT count(*) AS n FROM reprise_instances WHERE starts_with(instance_id, $1)")
                .execute(Tuple.of(PREFIX)).await().atMost(AWAIT).iterator().next();
        assertThat(row.getLong("n")).as("this class's instances are still there").isPositive();
    }

    private void assertTablesIntact() {
        for (String table : TABLES) {
            Row row = pool.preparedQuery("SELECT to_regclass($1)::text AS t").execute(Tuple.of(table)).await()
                    .atMost(AWAIT).iterator().next();
            assertThat(row.getString("t")).as("table %s", table).isEqualTo(table);
        }
    }

    private static JsonNode getJson(String pathOrUrl) {
        HttpResponse<String> r = HttpApi.send("GET", path(pathOrUrl), null);
        assertThat(r.statusCode()).as("GET %s: %s", pathOrUrl, r.body()).isIn(200, 202);
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    /** The path and query of a management URL, which is absolute; a path is returned as it is. */
    private static String path(String url) {
        int scheme = url.indexOf("://");
        return scheme < 0 ? url : url.substring(url.indexOf('/', scheme + 3));
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
