package dev.reprise.http;

import dev.reprise.engine.Eventually;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static dev.reprise.http.HttpApi.ROOT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The Durable Functions entity routes, against the Counter sample on PostgreSQL. */
@QuarkusTest
class EntitiesHttpTest {

    private static String key(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static Response signal(String name, String key, String op, String json) {
        var request = given().contentType(ContentType.JSON);
        if (json != null) {
            request = request.body(json);
        }
        return request.post(ROOT + "/entities/{name}/{key}?op={op}", name, key, op);
    }

    private static Response get(String name, String key) {
        return given().get(ROOT + "/entities/{name}/{key}", name, key);
    }

    private static String eventuallyState(String name, String key, String expected) {
        return Eventually.until("entity " + name + "/" + key + " to be " + expected, () -> {
            Response r = get(name, key);
            return r.statusCode() == 200 ? r.asString() : "(" + r.statusCode() + ")";
        }, expected::equals);
    }

    @Test
    void signal_answers202WithoutBody_andGetAnswersTheState() {
        String key = key("http-counter");

        Response accepted = signal("Counter", key, "add", "5");
        signal("counter", key, "ADD", "2");

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.asString()).isEmpty();
        assertThat(eventuallyState("Counter", key, "7")).isEqualTo("7");
        assertThat(get("COUNTER", key).contentType()).startsWith("application/json");
    }

    @Test
    void signalWithoutBody_runsTheOperationWithoutInput() {
        String key = key("http-reset");
        signal("Counter", key, "add", "3");
        eventuallyState("Counter", key, "3");

        assertThat(signal("Counter", key, "reset", null).statusCode()).isEqualTo(202);

        assertThat(eventuallyState("Counter", key, "0")).isEqualTo("0");
    }

    @Test
    void delete_signalsDelete_andTheEntityNoLongerExists() {
        String key = key("http-delete");
        signal("Counter", key, "add", "1");
        eventuallyState("Counter", key, "1");

        assertThat(given().delete(ROOT + "/entities/Counter/{key}", key).statusCode()).isEqualTo(202);

        Eventually.until("the entity to be gone", () -> get("Counter", key).statusCode(), code -> code == 404);
        Response missing = get("Counter", key);
        assertThat(missing.jsonPath().getString("error")).isEqualTo("EntityNotFound");
        assertThat(missing.jsonPath().getString("message")).contains("@counter@" + key);
    }

    @Test
    void list_pagesWithTheContinuationHeader_andShowsStateOnlyWhenAsked() {
        String prefix = "http-list-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> keys = List.of(prefix + "-a", prefix + "-b", prefix + "-c");
        keys.forEach(k -> signal("Aggregator", k, "add", "10"));
        keys.forEach(k -> eventuallyState("Aggregator", k, "{\"count\":1,\"sum\":10}"));

        // Every Aggregator of this test, two at a time: the name filter, then the keys.
        List<String> seen = new java.util.ArrayList<>();
        String token = null;
        do {
            var request = given().queryParam("top", 2).queryParam("fetchState", true);
            if (token != null) {
                request = request.header(ApiDocs.CONTINUATION_HEADER, token);
            }
            Response page = request.get(ROOT + "/entities/Aggregator");
            assertThat(page.statusCode()).isEqualTo(200);
            for (var item : page.jsonPath().getList("", java.util.Map.class)) {
                @SuppressWarnings("unchecked")
                java.util.Map<String, Object> id = (java.util.Map<String, Object>) item.get("entityId");
                assertThat(id.get("name")).isEqualTo("aggregator");
                if (((String) id.get("key")).startsWith(prefix)) {
                    seen.add((String) id.get("key"));
                    assertThat(item.get("state")).isEqualTo(java.util.Map.of("count", 1, "sum", 10));
                    assertThat(item.get("lastOperationTime")).isNotNull();
                }
            }
            token = page.header(ApiDocs.CONTINUATION_HEADER);
        } while (token != null);

        assertThat(seen).containsExactlyElementsOf(keys);
        Response withoutState = given().get(ROOT + "/entities/aggregator");
        assertThat(withoutState.jsonPath().getList("state")).allMatch(java.util.Objects::isNull);
        assertThat(given().get(ROOT + "/entities").jsonPath().getList("entityId.key")).contains(keys.get(0));
    }

    @Test
    void transferSample_overHttp_movesTheMoneyInACriticalSection() {
        String alice = key("alice");
        String bob = key("bob");
        signal("BankAccount", alice, "deposit", "100");
        eventuallyState("BankAccount", alice, "100");

        Response started = HttpApi.start("Transfer", key("transfer"), "{\"from\":\"" + alice + "\",\"to\":\"" + bob
                + "\",\"amount\":30}");
        String status = started.jsonPath().getString("statusQueryGetUri");
        Response done = Eventually.until("the transfer", () -> given().get(status), r -> r.statusCode() == 200);

        assertThat(done.jsonPath().getString("runtimeStatus")).isEqualTo("Completed");
        assertThat(done.jsonPath().getMap("output")).isEqualTo(java.util.Map.of("transferred", true,
                "fromBalance", 70, "toBalance", 30));
        assertThat(eventuallyState("BankAccount", bob, "30")).isEqualTo("30");
        assertThat(get("BankAccount", alice).asString()).isEqualTo("70");
        Response history = given().get(status + "&showHistory=true&showHistoryOutput=true");
        assertThat(history.jsonPath().getList("historyEvents.EventType")).contains("EntityLockRequested",
                "EntityLockGranted", "EntityOperationCalled", "EntityOperationCompleted", "EntityUnlockSent");
        assertThat(history.jsonPath().getList("historyEvents.findAll { it.EventType == 'EntityOperationCalled' }.Name"))
                .containsExactly("balance", "balance", "withdraw", "deposit");
        assertThat(history.jsonPath().getList("historyEvents.find { it.EventType == 'EntityLockRequested' }.LockSet"))
                .containsExactly("@bankaccount@" + alice, "@bankaccount@" + bob);
    }
}
