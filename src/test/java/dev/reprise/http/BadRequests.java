package dev.reprise.http;

import dev.reprise.engine.TestFunctions;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.reprise.http.HttpApi.ROOT;

/**
 * The table of malformed requests {@link BadInputHttpTest} sends, route by route, each with the exact 4xx and error
 * code it must answer. Every ID and entity key it names starts with {@link #PREFIX}, so the test can watch those rows.
 */
final class BadRequests {

    static final String PREFIX = "http-bad-" + UUID.randomUUID() + "-";
    /** A Completed instance. */
    static final String FINISHED = PREFIX + "finished";
    /** A Running instance waiting forever for an event nobody sends. */
    static final String WAITING = PREFIX + "waiting";
    private static final String[] JSON_TYPE = {"Content-Type", "application/json"};

    private BadRequests() {
    }

    /** One malformed request and what it must answer. */
    record Bad(String name, String method, String path, byte[] body, String[] headers, int status, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Every row, in a new stream at each call. */
    static Stream<Bad> all() {
        String echo = ROOT + "/orchestrators/" + TestFunctions.ECHO + "/";
        String instances = ROOT + "/instances";
        String finished = instances + "/" + enc(FINISHED);
        String waiting = instances + "/" + enc(WAITING);
        String unknown = instances + "/" + enc(PREFIX + "nobody");
        String tooLong = enc(PREFIX + "x".repeat(300));
        List<Bad> rows = new ArrayList<>();

        // ---- start: malformed JSON ----
        rows.add(post("start: unterminated object", echo + enc(PREFIX + "s1"), "{\"city\": \"Tokyo\"", 400,
                "InvalidRequest"));
        rows.add(post("start: unquoted string value", echo + enc(PREFIX + "s2"), "{\"city\": Tokyo}", 400,
                "InvalidRequest"));
        rows.add(post("start: trailing comma", echo + enc(PREFIX + "s3"), "{\"a\":1,}", 400, "InvalidRequest"));
        rows.add(post("start: single-quoted string", echo + enc(PREFIX + "s4"), "'text'", 400, "InvalidRequest"));
        rows.add(post("start: bare word", echo + enc(PREFIX + "s5"), "hello", 400, "InvalidRequest"));
        rows.add(post("start: two JSON values", echo + enc(PREFIX + "s6"), "{\"a\":1} {\"b\":2}", 400,
                "InvalidRequest"));
        rows.add(post("start: NaN", echo + enc(PREFIX + "s7"), "NaN", 400, "InvalidRequest"));
        rows.add(post("start: raw control character in a string", echo + enc(PREFIX + "s8"), "\"a\u0001b\"", 400,
                "InvalidRequest"));
        rows.add(post("start: nesting deeper than the parser allows", echo + enc(PREFIX + "s9"),
                "[".repeat(2000) + "]".repeat(2000), 400, "InvalidRequest"));
        rows.add(post("start: a comment only", echo + enc(PREFIX + "s10"), "/* input */", 400, "InvalidRequest"));
        rows.add(post("start without ID: malformed JSON", ROOT + "/orchestrators/" + TestFunctions.ECHO, "{", 400,
                "InvalidRequest"));
        // ---- start: content types ----
        rows.add(typed("start: text/plain body", echo + enc(PREFIX + "c1"), "text/plain", "1"));
        rows.add(typed("start: form body, as curl -d sends it", echo + enc(PREFIX + "c2"),
                "application/x-www-form-urlencoded", "{\"a\":1}"));
        rows.add(typed("start: XML body", echo + enc(PREFIX + "c3"), "application/xml", "<a/>"));
        rows.add(typed("start: multipart body", echo + enc(PREFIX + "c4"), "multipart/form-data; boundary=b",
                "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--\r\n"));
        rows.add(typed("start: Content-Type that is no media type", echo + enc(PREFIX + "c5"), "json", "1"));
        rows.add(typed("start: JSON-looking but not JSON type", echo + enc(PREFIX + "c6"), "application/jsonp",
                "1"));
        rows.add(typed("start without ID: form body", ROOT + "/orchestrators/" + TestFunctions.ECHO,
                "application/x-www-form-urlencoded", "a=1"));
        // ---- start: names and IDs ----
        // 400, as Durable Functions' HTTP API reference documents an unknown orchestrator on the start route.
        rows.add(post("start: unknown orchestrator", ROOT + "/orchestrators/TestNoSuchOrchestrator/"
                + enc(PREFIX + "o1"), "1", 400, "OrchestratorNotFound"));
        rows.add(post("start without ID: unknown orchestrator", ROOT + "/orchestrators/TestNoSuchOrchestrator", "1",
                400, "OrchestratorNotFound"));
        rows.add(post("start: ID over 256 characters", echo + tooLong, "1", 400, "InvalidRequest"));
        rows.add(post("start: ID with '#'", echo + enc(PREFIX + "a#b"), "1", 400, "InvalidRequest"));
        rows.add(post("start: ID with '?'", echo + enc(PREFIX + "a?b"), "1", 400, "InvalidRequest"));
        rows.add(post("start: ID with a backslash", echo + enc(PREFIX + "a\\b"), "1", 400, "InvalidRequest"));
        rows.add(post("start: ID with an encoded '/'", echo + enc(PREFIX + "a/b"), "1", 400, "InvalidRequest"));
        rows.add(post("start: ID with a tab", echo + enc(PREFIX + "a\tb"), "1", 400, "InvalidRequest"));
        rows.add(post("start: ID with a line feed", echo + enc(PREFIX + "a\nb"), "1", 400, "InvalidRequest"));
        rows.add(post("start: ID with DEL (U+007F)", echo + enc(PREFIX + "a\u007fb"), "1", 400, "InvalidRequest"));
        rows.add(post("start: ID of blanks only", echo + "%20%20", "1", 400, "InvalidRequest"));
        rows.add(post("start: ID of a running instance", echo + enc(WAITING), "1", 409, "InstanceAlreadyExists"));
        rows.add(new Bad("start: body over the size limit", "POST", echo + enc(PREFIX + "big"),
                ("\"" + "x".repeat(1024 * 1024 + 1) + "\"").getBytes(StandardCharsets.UTF_8), JSON_TYPE, 413,
                "PayloadTooLarge"));
        rows.add(call("start: GET", "GET", echo + enc(PREFIX + "m1"), 405, "MethodNotAllowed"));
        // ---- start and wait (timeout, pollingInterval): checked before anything starts ----
        rows.add(post("start: timeout not a number", echo + enc(PREFIX + "w1") + "?timeout=soon", "1", 400,
                "InvalidRequest"));
        rows.add(post("start: negative timeout", echo + enc(PREFIX + "w2") + "?timeout=-1", "1", 400,
                "InvalidRequest"));
        rows.add(post("start: timeout over an hour", echo + enc(PREFIX + "w3") + "?timeout=3601", "1", 400,
                "InvalidRequest"));
        rows.add(post("start: timeout NaN", echo + enc(PREFIX + "w4") + "?timeout=NaN", "1", 400,
                "InvalidRequest"));
        rows.add(post("start: timeout 1e999999999", echo + enc(PREFIX + "w5") + "?timeout=1e999999999", "1", 400,
                "InvalidRequest"));
        rows.add(post("start: pollingInterval longer than timeout", echo + enc(PREFIX + "w6")
                + "?timeout=1&pollingInterval=5", "1", 400, "InvalidRequest"));
        rows.add(post("start: pollingInterval not a number", echo + enc(PREFIX + "w7")
                + "?timeout=1&pollingInterval=often", "1", 400, "InvalidRequest"));
        rows.add(post("start without ID: timeout not a number", ROOT + "/orchestrators/" + TestFunctions.ECHO
                + "?timeout=1s", "1", 400, "InvalidRequest"));
        rows.add(call("start: PUT", "PUT", echo + enc(PREFIX + "m2"), 405, "MethodNotAllowed"));

        // ---- status ----
        rows.add(call("status: showHistory=maybe", "GET", finished + "?showHistory=maybe", 400, "InvalidRequest"));
        rows.add(call("status: showInput=yes", "GET", finished + "?showInput=yes", 400, "InvalidRequest"));
        rows.add(call("status: showHistoryOutput=1", "GET", finished + "?showHistory=true&showHistoryOutput=1", 400,
                "InvalidRequest"));
        rows.add(call("status: unknown instance", "GET", unknown, 404, "InstanceNotFound"));
        rows.add(call("status: historyFormat=xml", "GET", finished + "?showHistory=true&historyFormat=xml", 400,
                "InvalidRequest"));
        rows.add(call("status: timeout not a number", "GET", finished + "?timeout=soon", 400, "InvalidRequest"));
        rows.add(call("status: negative timeout", "GET", finished + "?timeout=-1", 400, "InvalidRequest"));
        rows.add(call("status: returnInternalServerErrorOnFailure=maybe", "GET", finished
                + "?returnInternalServerErrorOnFailure=maybe", 400, "InvalidRequest"));
        rows.add(call("status: ID over 256 characters", "GET", instances + "/" + tooLong, 400, "InvalidRequest"));
        rows.add(call("status: ID with U+0001", "GET", instances + "/" + enc(PREFIX + "\u0001"), 400,
                "InvalidRequest"));
        rows.add(call("status: ID with NUL", "GET", instances + "/" + enc(PREFIX + "\u0000"), 400,
                "InvalidRequest"));
        rows.add(call("status: raw ';' in the ID", "GET", finished + ";v2", 400, "InvalidRequest"));
        rows.add(call("status: PATCH", "PATCH", finished, 405, "MethodNotAllowed"));
        rows.add(new Bad("status: Accept application/xml only", "GET", finished, null,
                new String[]{"Accept", "application/xml"}, 406, "NotAcceptable"));

        // ---- query ----
        rows.add(call("query: top=-1", "GET", instances + "?top=-1", 400, "InvalidRequest"));
        rows.add(call("query: top=0", "GET", instances + "?top=0", 400, "InvalidRequest"));
        rows.add(call("query: top=abc", "GET", instances + "?top=abc", 400, "InvalidRequest"));
        rows.add(call("query: top=1001", "GET", instances + "?top=1001", 400, "InvalidRequest"));
        rows.add(call("query: top=99999999999", "GET", instances + "?top=99999999999", 400, "InvalidRequest"));
        rows.add(call("query: top=1.5", "GET", instances + "?top=1.5", 400, "InvalidRequest"));
        rows.add(call("query: unparseable createdTimeFrom", "GET", instances + "?createdTimeFrom=notadate", 400,
                "InvalidRequest"));
        rows.add(call("query: createdTimeTo month 13", "GET", instances + "?createdTimeTo=2026-13-45", 400,
                "InvalidRequest"));
        rows.add(call("query: createdTimeFrom February 30", "GET", instances + "?createdTimeFrom=2026-02-30", 400,
                "InvalidRequest"));
        rows.add(call("query: reversed dates", "GET", instances
                + "?createdTimeFrom=2026-02-01T00:00:00Z&createdTimeTo=2026-01-01T00:00:00Z", 400, "InvalidRequest"));
        rows.add(call("query: unknown runtimeStatus", "GET", instances + "?runtimeStatus=Bogus", 400,
                "InvalidRequest"));
        rows.add(call("query: one unknown runtimeStatus in a list", "GET", instances + "?runtimeStatus=Running,Bogus",
                400, "InvalidRequest"));
        rows.add(call("query: showInput=maybe", "GET", instances + "?showInput=maybe", 400, "InvalidRequest"));
        rows.add(token("query: foreign continuation token", "not-a-token-we-issued"));
        rows.add(token("query: continuation token that is not base64", "!!!"));
        rows.add(token("query: continuation token without separator", b64("2026-01-01T00:00:00Z")));
        rows.add(token("query: continuation token with a bad time", b64("yesterday|" + PREFIX)));
        rows.add(token("query: continuation token with NUL", b64("2026-01-01T00:00:00Z|a\u0000b")));

        // ---- raiseEvent ----
        rows.add(post("raiseEvent: finished instance", finished + "/raiseEvent/" + TestFunctions.APPROVAL_EVENT,
                "1", 410, "InstanceFinished"));
        rows.add(post("raiseEvent: unknown instance", unknown + "/raiseEvent/" + TestFunctions.APPROVAL_EVENT, "1",
                404, "InstanceNotFound"));
        rows.add(post("raiseEvent: malformed JSON", waiting + "/raiseEvent/" + TestFunctions.APPROVAL_EVENT,
                "{\"approved\": yes}", 400, "InvalidRequest"));
        rows.add(typed("raiseEvent: text/plain body", waiting + "/raiseEvent/" + TestFunctions.APPROVAL_EVENT,
                "text/plain", "\"yes\""));
        rows.add(typed("raiseEvent: form body, as curl -d sends it", waiting + "/raiseEvent/"
                + TestFunctions.APPROVAL_EVENT, "application/x-www-form-urlencoded", "approved=true"));
        rows.add(post("raiseEvent: event name over 256 characters", waiting + "/raiseEvent/" + "e".repeat(257), "1",
                400, "InvalidRequest"));
        rows.add(post("raiseEvent: event name with a control character", waiting + "/raiseEvent/"
                + enc(TestFunctions.APPROVAL_EVENT + "\u0007"), "1", 400, "InvalidRequest"));
        rows.add(post("raiseEvent: blank event name", waiting + "/raiseEvent/%20", "1", 400, "InvalidRequest"));
        rows.add(post("raiseEvent: ID with '?'", instances + "/" + enc(PREFIX + "a?b") + "/raiseEvent/"
                + TestFunctions.APPROVAL_EVENT, "1", 400, "InvalidRequest"));
        rows.add(call("raiseEvent: GET", "GET", waiting + "/raiseEvent/" + TestFunctions.APPROVAL_EVENT, 405,
                "MethodNotAllowed"));

        // ---- terminate, suspend, resume, restart ----
        rows.add(call("terminate: finished instance", "POST", finished + "/terminate?reason=x", 410,
                "InstanceFinished"));
        rows.add(call("suspend: finished instance", "POST", finished + "/suspend", 410, "InstanceFinished"));
        rows.add(call("resume: finished instance", "POST", finished + "/resume", 410, "InstanceFinished"));
        rows.add(call("terminate: unknown instance", "POST", unknown + "/terminate", 404, "InstanceNotFound"));
        rows.add(call("terminate: raw ';' after a running instance's ID", "POST", waiting + ";v2/terminate", 400,
                "InvalidRequest"));
        rows.add(post("raiseEvent: raw ';' in the event name", waiting + "/raiseEvent/"
                + TestFunctions.APPROVAL_EVENT + ";v2", "1", 400, "InvalidRequest"));
        rows.add(call("suspend: ID with '#'", "POST", instances + "/" + enc(PREFIX + "a#b") + "/suspend", 400,
                "InvalidRequest"));
        rows.add(call("resume: ID over 256 characters", "POST", instances + "/" + tooLong + "/resume", 400,
                "InvalidRequest"));
        rows.add(call("terminate: GET", "GET", waiting + "/terminate", 405, "MethodNotAllowed"));
        // 400, as Durable Functions' restart reads an unknown instance as an argument error.
        rows.add(call("restart: unknown instance", "POST", unknown + "/restart", 400, "InvalidRequest"));
        rows.add(call("restart: timeout not a number", "POST", finished + "/restart?timeout=later", 400,
                "InvalidRequest"));
        rows.add(call("restart: restartWithNewInstanceId=perhaps", "POST", finished
                + "/restart?restartWithNewInstanceId=perhaps", 400, "InvalidRequest"));
        rows.add(call("restart: same ID of a running instance", "POST", waiting
                + "/restart?restartWithNewInstanceId=false", 409, "InstanceAlreadyExists"));
        rows.add(call("restart: ID with a backslash", "POST", instances + "/" + enc(PREFIX + "a\\b") + "/restart",
                400, "InvalidRequest"));

        // ---- purge ----
        // 412, as Durable Functions answers a purge of an instance that has not finished.
        rows.add(call("purge: running instance", "DELETE", waiting, 412, "InstanceNotFinished"));
        rows.add(call("purge: recursive is not a flag", "DELETE", finished + "?recursive=maybe", 400,
                "InvalidRequest"));
        rows.add(call("terminate: recursive is not a flag", "POST", waiting + "/terminate?recursive=maybe", 400,
                "InvalidRequest"));
        rows.add(call("rewind: completed instance (as Durable Functions: 410)", "POST",
                finished + "/rewind?reason=again", 410, "InstanceFinished"));
        rows.add(call("rewind: running instance", "POST", waiting + "/rewind", 409, "InstanceNotFailed"));
        rows.add(call("rewind: unknown instance", "POST", unknown + "/rewind", 404, "InstanceNotFound"));
        rows.add(call("purge: unknown instance", "DELETE", unknown, 404, "InstanceNotFound"));
        rows.add(call("purge: raw ';' after a finished instance's ID", "DELETE", finished + ";v2", 400,
                "InvalidRequest"));
        rows.add(call("purge: ID with a line feed", "DELETE", instances + "/" + enc(PREFIX + "\n"), 400,
                "InvalidRequest"));
        rows.add(call("purge by filter: no createdTimeFrom", "DELETE", instances, 400, "InvalidRequest"));
        rows.add(call("purge by filter: only createdTimeTo", "DELETE", instances + "?createdTimeTo=2999-01-01", 400,
                "InvalidRequest"));
        rows.add(call("purge by filter: runtimeStatus=Running", "DELETE", instances
                + "?createdTimeFrom=2000-01-01&runtimeStatus=Running", 400, "InvalidRequest"));
        rows.add(call("purge by filter: unknown runtimeStatus", "DELETE", instances
                + "?createdTimeFrom=2000-01-01&runtimeStatus=Gone", 400, "InvalidRequest"));
        rows.add(call("purge by filter: unparseable createdTimeFrom", "DELETE", instances
                + "?createdTimeFrom=yesterday", 400, "InvalidRequest"));
        rows.add(call("purge by filter: reversed dates", "DELETE", instances
                + "?createdTimeFrom=2999-01-01&createdTimeTo=2000-01-01", 400, "InvalidRequest"));
        // 404 when nothing matches, as Durable Functions' purge by filter.
        rows.add(call("purge by filter: nothing matches", "DELETE", instances + "?createdTimeFrom=2999-01-01", 404,
                "NoMatchingInstances"));
        rows.add(call("instances: POST", "POST", instances, 405, "MethodNotAllowed"));

        // ---- another task hub or storage connection: never read from or applied to this hub ----
        String other = "taskHub=SomeOtherHub";
        rows.add(post("hub: start naming another task hub", echo + enc(PREFIX + "t1") + "?" + other, "1", 404,
                "TaskHubNotFound"));
        rows.add(post("hub: start without ID naming another task hub", ROOT + "/orchestrators/" + TestFunctions.ECHO
                + "?" + other, "1", 404, "TaskHubNotFound"));
        rows.add(post("hub: start naming another connection", echo + enc(PREFIX + "t2") + "?connection=OtherStorage",
                "1", 404, "TaskHubNotFound"));
        rows.add(call("hub: status naming another task hub", "GET", finished + "?" + other, 404, "TaskHubNotFound"));
        rows.add(call("hub: status, parameter name in other case", "GET", finished + "?TASKHUB=SomeOtherHub", 404,
                "TaskHubNotFound"));
        rows.add(call("hub: status naming another connection", "GET", finished + "?connection=OtherStorage", 404,
                "TaskHubNotFound"));
        rows.add(call("hub: list naming another task hub", "GET", instances + "?" + other, 404, "TaskHubNotFound"));
        rows.add(post("hub: raiseEvent naming another task hub", waiting + "/raiseEvent/"
                + TestFunctions.APPROVAL_EVENT + "?" + other, "1", 404, "TaskHubNotFound"));
        rows.add(call("hub: terminate naming another task hub", "POST", waiting + "/terminate?" + other, 404,
                "TaskHubNotFound"));
        rows.add(call("hub: suspend naming another task hub", "POST", waiting + "/suspend?" + other, 404,
                "TaskHubNotFound"));
        rows.add(call("hub: resume naming another task hub", "POST", waiting + "/resume?" + other, 404,
                "TaskHubNotFound"));
        rows.add(call("hub: restart naming another task hub", "POST", finished + "/restart?" + other, 404,
                "TaskHubNotFound"));
        rows.add(call("hub: purge naming another task hub", "DELETE", finished + "?" + other, 404,
                "TaskHubNotFound"));
        rows.add(call("hub: purge by filter naming another task hub", "DELETE", instances
                + "?createdTimeFrom=2000-01-01&" + other, 404, "TaskHubNotFound"));
        rows.add(call("hub: tick naming another task hub", "POST", ROOT + "/tick?" + other, 404, "TaskHubNotFound"));

        // ---- routes ----
        rows.add(call("unknown route under the API root", "GET", ROOT + "/no-such-thing", 404, "NotFound"));
        rows.add(call("the API root itself", "GET", ROOT, 404, "NotFound"));
        rows.add(post("start without an orchestrator name", ROOT + "/orchestrators", "1", 404, "NotFound"));
        rows.add(post("raiseEvent without an event name", waiting + "/raiseEvent", "1", 404, "NotFound"));
        // Durable Functions routes Reprise does not offer (README: "Not offered").
        rows.add(call("makeprimary (the app lease route)", "POST", ROOT + "/makeprimary", 404, "NotFound"));

        // ---- entities ----
        String counter = ROOT + "/entities/Counter/";
        String counterKey = counter + enc(PREFIX + "counter");
        // 404, as Durable Functions' signal entity answers a name no entity function has.
        rows.add(post("entity: signal an unregistered entity name", ROOT + "/entities/TestNoSuchEntity/"
                + enc(PREFIX + "e1") + "?op=add", "5", 404, "EntityNotFound"));
        rows.add(call("entity: delete an unregistered entity name", "DELETE", ROOT + "/entities/TestNoSuchEntity/"
                + enc(PREFIX + "e2"), 404, "EntityNotFound"));
        rows.add(call("entity: get an entity that has no state", "GET", counter + enc(PREFIX + "nobody"), 404,
                "EntityNotFound"));
        rows.add(post("entity: signal without op", counterKey, "5", 400, "InvalidRequest"));
        rows.add(post("entity: blank op", counterKey + "?op=%20", "5", 400, "InvalidRequest"));
        rows.add(post("entity: op with a control character", counterKey + "?op=" + enc("add\u0007"), "5", 400,
                "InvalidRequest"));
        rows.add(post("entity: op over 256 characters", counterKey + "?op=" + "a".repeat(257), "5", 400,
                "InvalidRequest"));
        rows.add(post("entity: malformed JSON input", counterKey + "?op=add", "{\"n\": five}", 400,
                "InvalidRequest"));
        rows.add(typed("entity: text/plain input", counterKey + "?op=add", "text/plain", "5"));
        rows.add(typed("entity: form input, as curl -d sends it", counterKey + "?op=add",
                "application/x-www-form-urlencoded", "n=5"));
        rows.add(post("entity: key with '#'", counter + enc(PREFIX + "a#b") + "?op=add", "5", 400,
                "InvalidRequest"));
        rows.add(post("entity: key with a backslash", counter + enc(PREFIX + "a\\b") + "?op=add", "5", 400,
                "InvalidRequest"));
        rows.add(post("entity: key with a line feed", counter + enc(PREFIX + "a\nb") + "?op=add", "5", 400,
                "InvalidRequest"));
        rows.add(post("entity: key over 256 characters", counter + tooLong + "?op=add", "5", 400,
                "InvalidRequest"));
        rows.add(post("entity: key of blanks only", counter + "%20%20?op=add", "5", 400, "InvalidRequest"));
        rows.add(post("entity: name with '@'", ROOT + "/entities/" + enc("Coun@ter") + "/" + enc(PREFIX + "k")
                + "?op=add", "5", 400, "InvalidRequest"));
        rows.add(call("entity: get with a key over 256 characters", "GET", counter + tooLong, 400,
                "InvalidRequest"));
        rows.add(call("entity: delete with a key with '?'", "DELETE", counter + enc(PREFIX + "a?b"), 400,
                "InvalidRequest"));
        rows.add(call("entity: raw ';' in the key", "GET", counterKey + ";v2", 400, "InvalidRequest"));
        rows.add(call("entity: PUT", "PUT", counterKey, 405, "MethodNotAllowed"));
        rows.add(new Bad("entity: input over the size limit", "POST", counterKey + "?op=add",
                ("\"" + "x".repeat(1024 * 1024 + 1) + "\"").getBytes(StandardCharsets.UTF_8), JSON_TYPE, 413,
                "PayloadTooLarge"));
        rows.add(call("entity list: top=0", "GET", ROOT + "/entities/Counter?top=0", 400, "InvalidRequest"));
        rows.add(call("entity list: top=abc", "GET", ROOT + "/entities?top=abc", 400, "InvalidRequest"));
        rows.add(call("entity list: fetchState=maybe", "GET", ROOT + "/entities/Counter?fetchState=maybe", 400,
                "InvalidRequest"));
        rows.add(call("entity list: unparseable lastOperationTimeFrom", "GET", ROOT
                + "/entities/Counter?lastOperationTimeFrom=yesterday", 400, "InvalidRequest"));
        rows.add(call("entity list: reversed times", "GET", ROOT + "/entities?lastOperationTimeFrom=2026-02-01"
                + "&lastOperationTimeTo=2026-01-01", 400, "InvalidRequest"));
        rows.add(call("entity list: name with a control character", "GET", ROOT + "/entities/" + enc("Count\u0001"),
                400, "InvalidRequest"));
        rows.add(new Bad("entity list: foreign continuation token", "GET", ROOT + "/entities/Counter", null,
                new String[]{ApiDocs.CONTINUATION_HEADER, "not-a-token-we-issued"}, 400, "InvalidRequest"));
        rows.add(new Bad("entity list: an instance query's token", "GET", ROOT + "/entities", null,
                new String[]{ApiDocs.CONTINUATION_HEADER, b64("2026-01-01T00:00:00Z|" + PREFIX)}, 400,
                "InvalidRequest"));
        rows.add(post("hub: signal an entity naming another task hub", counterKey + "?op=add&" + other, "5", 404,
                "TaskHubNotFound"));
        rows.add(call("hub: get an entity naming another task hub", "GET", counterKey + "?" + other, 404,
                "TaskHubNotFound"));
        return rows.stream();
    }

    private static Bad post(String name, String path, String json, int status, String error) {
        return new Bad(name, "POST", path, json.getBytes(StandardCharsets.UTF_8), JSON_TYPE, status, error);
    }

    private static Bad typed(String name, String path, String contentType, String body) {
        return new Bad(name, "POST", path, body.getBytes(StandardCharsets.UTF_8),
                new String[]{"Content-Type", contentType}, 415, "UnsupportedMediaType");
    }

    private static Bad call(String name, String method, String path, int status, String error) {
        return new Bad(name, method, path, null, new String[0], status, error);
    }

    private static Bad token(String name, String token) {
        return new Bad(name, "GET", ROOT + "/instances", null,
                new String[]{ApiDocs.CONTINUATION_HEADER, token}, 400, "InvalidRequest");
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
