package dev.reprise.http;

import dev.reprise.engine.Eventually;
import dev.reprise.engine.TestFunctions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.reprise.http.HttpApi.ROOT;
import static dev.reprise.http.HttpApi.assertJsonError;
import static dev.reprise.http.HttpApi.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /instances: filters, paging through x-ms-continuation-token, and rejection of malformed parameters. */
@QuarkusTest
class QueryInstancesHttpTest {

    private static final String TOKEN = "x-ms-continuation-token";

    private static Response query(Map<String, ?> params) {
        return given().queryParams(params).get(ROOT + "/instances");
    }

    private static List<String> ids(Response r) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return r.jsonPath().getList("instanceId");
    }

    @Test
    void query_pagedWithTop_returnsEveryInstanceExactlyOnceThroughContinuationHeader() {
        String prefix = Eventually.uniqueId("http-page") + "-";
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = prefix + i;
            HttpApi.started(TestFunctions.ECHO, id, String.valueOf(i));
            created.add(id);
        }

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            RequestSpecification request = given().queryParam("instanceIdPrefix", prefix).queryParam("top", 2);
            if (token != null) {
                request = request.header(TOKEN, token);
            }
            Response page = request.get(ROOT + "/instances");
            List<String> pageIds = ids(page);
            seen.addAll(pageIds);
            pageSizes.add(pageIds.size());
            token = page.header(TOKEN);
            assertThat(++pages).as("pages needed for 5 instances with top=2").isLessThanOrEqualTo(3);
        } while (token != null);

        assertThat(seen).containsExactlyInAnyOrderElementsOf(created).doesNotHaveDuplicates();
        assertThat(pageSizes).containsExactly(2, 2, 1);
    }

    /**
     * As Durable Functions' list (HttpApiHandler reads showInput into OrchestrationStatusQueryCondition.ShowInput,
     * which is true unless set): each instance's input is in the list unless showInput=false.
     */
    @Test
    void query_defaultFields_includeInputUnlessShowInputFalse() {
        String prefix = Eventually.uniqueId("http-qinput") + "-";
        HttpApi.started(TestFunctions.ECHO, prefix + "a", "{\"k\":\"v\"}");
        awaitStatus(prefix + "a", "Completed");

        Response plain = query(Map.of("instanceIdPrefix", prefix));
        Response withInput = query(Map.of("instanceIdPrefix", prefix, "showInput", true));
        Response withoutInput = query(Map.of("instanceIdPrefix", prefix, "showInput", false));

        assertThat(ids(plain)).containsExactly(prefix + "a");
        assertThat(plain.jsonPath().getMap("[0]")).containsEntry("runtimeStatus", "Completed")
                .containsEntry("name", TestFunctions.ECHO).containsKeys("instanceId", "input", "customStatus",
                        "output", "createdTime", "lastUpdatedTime");
        assertThat(plain.jsonPath().getMap("[0].input")).isEqualTo(Map.of("k", "v"));
        assertThat(plain.jsonPath().getMap("[0].output")).isEqualTo(Map.of("k", "v"));
        assertThat(withInput.jsonPath().getMap("[0].input")).isEqualTo(Map.of("k", "v"));
        assertThat(withoutInput.jsonPath().getMap("[0]")).containsEntry("input", null);
        assertThat(withoutInput.jsonPath().getMap("[0].output")).isEqualTo(Map.of("k", "v"));
    }

    @Test
    void query_runtimeStatusList_filtersByAnyOfTheStatuses() {
        String prefix = Eventually.uniqueId("http-qstatus") + "-";
        String done = prefix + "done";
        String waiting = prefix + "waiting";
        String failed = prefix + "failed";
        HttpApi.started(TestFunctions.ECHO, done, "1");
        HttpApi.started(TestFunctions.WAIT_FOR_EVENT, waiting, null);
        HttpApi.started(TestFunctions.FAIL, failed, "\"x\"");
        awaitStatus(done, "Completed");
        awaitStatus(waiting, "Running");
        awaitStatus(failed, "Failed");

        assertThat(ids(query(Map.of("instanceIdPrefix", prefix, "runtimeStatus", "Running"))))
                .containsExactly(waiting);
        assertThat(ids(query(Map.of("instanceIdPrefix", prefix, "runtimeStatus", "Completed,Failed"))))
                .containsExactlyInAnyOrder(done, failed);
        assertThat(ids(query(Map.of("instanceIdPrefix", prefix, "runtimeStatus", "running,COMPLETED"))))
                .as("status names are case-insensitive").containsExactlyInAnyOrder(waiting, done);
        assertThat(ids(query(Map.of("instanceIdPrefix", prefix, "runtimeStatus", "Terminated")))).isEmpty();
        assertThat(ids(query(Map.of("instanceIdPrefix", prefix)))).containsExactlyInAnyOrder(done, waiting, failed);

        given().post(ROOT + "/instances/{id}/terminate", waiting).then().statusCode(202);
    }

    @Test
    void query_createdTimeWindow_includesOnlyInstancesCreatedInside() {
        String prefix = Eventually.uniqueId("http-qtime") + "-";
        HttpApi.started(TestFunctions.ECHO, prefix + "a", "1");
        String createdTime = awaitStatus(prefix + "a", "Completed").jsonPath().getString("createdTime");
        Instant created = Instant.parse(createdTime);

        String before = created.minus(1, ChronoUnit.HOURS).toString();
        String after = created.plus(1, ChronoUnit.HOURS).toString();
        assertThat(ids(query(Map.of("instanceIdPrefix", prefix, "createdTimeFrom", before, "createdTimeTo", after))))
                .containsExactly(prefix + "a");
        assertThat(ids(query(Map.of("instanceIdPrefix", prefix, "createdTimeFrom", created.toString(),
                "createdTimeTo", created.toString())))).as("both bounds are inclusive").containsExactly(prefix + "a");
        assertThat(ids(query(Map.of("instanceIdPrefix", prefix, "createdTimeFrom", after)))).isEmpty();
        assertThat(ids(query(Map.of("instanceIdPrefix", prefix, "createdTimeTo", before)))).isEmpty();
        assertThat(ids(query(Map.of("instanceIdPrefix", prefix, "createdTimeFrom",
                created.minus(1, ChronoUnit.HOURS).atOffset(java.time.ZoneOffset.ofHours(2)).toString()))))
                .as("an offset time is accepted").containsExactly(prefix + "a");
    }

    @Test
    void query_instanceIdPrefix_matchesOnlyThatPrefix() {
        String base = Eventually.uniqueId("http-qprefix");
        HttpApi.started(TestFunctions.ECHO, base + "-x1", "1");
        HttpApi.started(TestFunctions.ECHO, base + "-x2", "1");
        HttpApi.started(TestFunctions.ECHO, base + "-y1", "1");

        assertThat(ids(query(Map.of("instanceIdPrefix", base + "-x")))).containsExactlyInAnyOrder(base + "-x1",
                base + "-x2");
        assertThat(ids(query(Map.of("instanceIdPrefix", base + "_")))).as("'_' is not a wildcard").isEmpty();
        assertThat(ids(query(Map.of("instanceIdPrefix", base.substring(0, base.length() - 1) + "%"))))
                .as("'%' is not a wildcard").isEmpty();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "top, -1",
            "top, 0",
            "top, abc",
            "top, 1001",
            "createdTimeFrom, notadate",
            "createdTimeTo, 2026-13-45",
            "runtimeStatus, Bogus",
            "runtimeStatus, 'Running,Bogus'",
            "showInput, perhaps",
    })
    void query_badParameter_returns400Json(String name, String value) {
        Response r = query(Map.of(name, value));

        assertJsonError(r, 400, "InvalidRequest");
        assertThat(r.jsonPath().getString("message")).contains(name);
    }

    @Test
    void query_createdTimeFromAfterTo_returns400Json() {
        Response r = query(Map.of("createdTimeFrom", "2026-02-01T00:00:00Z", "createdTimeTo", "2026-01-01T00:00:00Z"));

        assertJsonError(r, 400, "InvalidRequest");
    }

    @Test
    void query_instanceIdPrefixWithNulCharacter_matchesNothing() {
        Response r = query(Map.of("instanceIdPrefix", "nul\u0000"));

        assertThat(ids(r)).isEmpty();
    }

    @Test
    void query_continuationTokenWithNulCharacter_returns400Json() {
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("2026-01-01T00:00:00Z|a\u0000b".getBytes(StandardCharsets.UTF_8));

        Response r = given().header(TOKEN, forged).get(ROOT + "/instances");

        assertJsonError(r, 400, "InvalidRequest");
    }

    @Test
    void query_foreignContinuationToken_returns400Json() {
        Response r = given().header(TOKEN, "not-a-token-we-issued").get(ROOT + "/instances");

        assertJsonError(r, 400, "InvalidRequest");
        assertThat(r.jsonPath().getString("message")).contains("continuation token");
    }
}
