package dev.reprise.samples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.api.DurableClient;
import dev.reprise.api.EntityInstanceId;
import dev.reprise.api.EntityMetadata;
import dev.reprise.engine.Eventually;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.reprise.samples.SampleClient.BASE;
import static dev.reprise.samples.SampleClient.JSON;
import static dev.reprise.samples.SampleClient.awaitFinished;
import static dev.reprise.samples.SampleClient.start;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The entity samples as the README walks through them: Counter, Transfer over BankAccount, Aggregator. */
@QuarkusTest
class EntitySamplesTest {

    private static final Duration AWAIT = Duration.ofSeconds(30);

    @Inject
    DurableClient client;

    private static String key(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void signal(String name, String key, String op, String json) {
        var request = given().contentType(ContentType.JSON);
        if (json != null) {
            request = request.body(json);
        }
        assertThat(request.post(BASE + "/entities/{name}/{key}?op={op}", name, key, op).statusCode()).isEqualTo(202);
    }

    private static String state(String name, String key, String expected) {
        return Eventually.until(name + "/" + key + " = " + expected, () -> {
            Response r = given().get(BASE + "/entities/{name}/{key}", name, key);
            return r.statusCode() == 200 ? r.asString() : null;
        }, expected::equals);
    }

    @Test
    void counter_addResetGetDelete() {
        String key = key("steps");
        signal("Counter", key, "add", "5");
        signal("Counter", key, "add", "-2");
        assertThat(state("Counter", key, "3")).isEqualTo("3");

        signal("Counter", key, "reset", null);
        signal("Counter", key, "add", "1");
        assertThat(state("Counter", key, "1")).isEqualTo("1");

        assertThat(given().delete(BASE + "/entities/Counter/{key}", key).statusCode()).isEqualTo(202);
        Eventually.until("the counter to be deleted", () -> given().get(BASE + "/entities/Counter/{key}", key)
                .statusCode(), code -> code == 404);
        signal("Counter", key, "add", "2");
        assertThat(state("Counter", key, "2")).as("a deleted counter starts again from 0").isEqualTo("2");
    }

    @Test
    void counter_addWithoutNumber_failsThatOperationOnly() {
        String key = key("strict");
        signal("Counter", key, "add", "4");
        signal("Counter", key, "add", null);
        signal("Counter", key, "add", "\"six\"");
        signal("Counter", key, "add", "1");

        assertThat(state("Counter", key, "5")).isEqualTo("5");
    }

    @Test
    void transfer_concurrentTransfersBothWays_neverOverdraw_andKeepTheTotal() {
        String alice = key("alice");
        String bob = key("bob");
        signal("BankAccount", alice, "deposit", "100");
        signal("BankAccount", bob, "deposit", "50");
        state("BankAccount", alice, "100");
        state("BankAccount", bob, "50");

        List<String> transfers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            boolean toBob = i % 2 == 0;
            transfers.add(start("Transfer", "{\"from\":\"" + (toBob ? alice : bob) + "\",\"to\":\""
                    + (toBob ? bob : alice) + "\",\"amount\":" + (40 + i) + "}"));
        }
        int moved = 0;
        for (String id : transfers) {
            JsonNode done = awaitFinished(id);
            assertThat(done.path("runtimeStatus").asText()).as("transfer %s", id).isEqualTo("Completed");
            JsonNode output = done.path("output");
            assertThat(output.path("fromBalance").asInt()).isNotNegative();
            moved += output.path("transferred").asBoolean() ? 1 : 0;
        }

        int a = read(alice);
        int b = read(bob);
        assertThat(a).isNotNegative();
        assertThat(b).isNotNegative();
        assertThat(a + b).isEqualTo(150);
        assertThat(moved).isPositive();
        assertThat(client.getEntity(EntityInstanceId.of("BankAccount", alice), false).await().atMost(AWAIT)
                .getLockedBy()).isNull();
    }

    private int read(String account) {
        EntityMetadata m = client.getEntity(EntityInstanceId.of("BankAccount", account), true).await().atMost(AWAIT);
        return m.readStateAs(Integer.class);
    }

    @Test
    void transfer_moreThanTheBalance_isRefusedAndChangesNothing() {
        String alice = key("poor");
        String bob = key("rich");
        signal("BankAccount", alice, "deposit", "10");
        state("BankAccount", alice, "10");

        JsonNode done = awaitFinished(start("Transfer", "{\"from\":\"" + alice + "\",\"to\":\"" + bob
                + "\",\"amount\":11}"));

        assertThat(done.path("output")).isEqualTo(SampleClient.parse(
                "{\"transferred\":false,\"fromBalance\":10,\"toBalance\":0}"));
        assertThat(state("BankAccount", alice, "10")).isEqualTo("10");
    }

    @Test
    void transfer_badInput_failsSayingWhatItNeeds() {
        JsonNode done = awaitFinished(start("Transfer", "{\"from\":\"same\",\"to\":\"same\",\"amount\":5}"));

        assertThat(done.path("runtimeStatus").asText()).isEqualTo("Failed");
        assertThat(done.path("failureDetails").path("errorMessage").asText()).contains("another key");
    }

    @Test
    void aggregator_eventsFromManySenders_areSummedIntoOneEntity() throws Exception {
        String key = key("sensors");
        List<String> senders = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            senders.add(start("Readings", "{\"aggregator\":\"" + key + "\",\"values\":[" + i + "," + (10 * i)
                    + "]}"));
        }
        signal("Aggregator", key, "add", "1000");
        for (String id : senders) {
            assertThat(awaitFinished(id).path("output").asInt()).isEqualTo(2);
        }

        String total = state("Aggregator", key, "{\"count\":11,\"sum\":1165}");
        assertThat(JSON.readTree(total).path("sum").asLong()).isEqualTo(1 + 2 + 3 + 4 + 5 + 10 + 20 + 30 + 40 + 50
                + 1000);
    }
}
