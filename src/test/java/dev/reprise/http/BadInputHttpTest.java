package dev.reprise.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.api.DurableClient;
import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.config.RepriseConfig;
import dev.reprise.engine.Eventually;
import dev.reprise.engine.TestFunctions;
import dev.reprise.http.BadRequests.Bad;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.reprise.http.BadRequests.FINISHED;
import static dev.reprise.http.BadRequests.PREFIX;
import static dev.reprise.http.BadRequests.WAITING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One table of malformed requests across every route ({@link BadRequests}). Each must answer its exact 4xx with a
 * JSON {@code {error, message}} body that leaks no stack trace, and must change nothing in the store.
 * <p>
 * "Nothing changed" is checked on a snapshot taken right before and right after each request: every row of the
 * instances this class owns (all IDs start with {@link BadRequests#PREFIX}), the history, inbox and work-item rows of
 * those instances, the entities whose keys start with it and their waiting messages, and the number and newest
 * creation time of all instances, so a request that created or purged anything anywhere is caught too. Other tests' instances may still move on their own (timers, leftovers); their rows are not
 * compared, which is what keeps this robust whichever classes ran before.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputHttpTest {

    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A stack frame ("at dev.reprise.X.y(X.java:1)"), an exception header, or a cause chain. */
    private static final Pattern STACK_TRACE = Pattern.compile(
            "\\bat (dev|java|javax|jakarta|io|org|com|jdk|sun)\\.[\\w$.]+\\(|Exception:|Caused by|\\.java:\\d+\\)");

    @Inject
    Pool pool;

    @Inject
    RepriseConfig config;

    @Inject
    DurableClient client;

    /** The instances' state this class can vouch for, and what shows that anything was created or purged. */
    record Snapshot(long allInstances, String newestCreatedAt, String ownInstances, long ownHistory, long ownInbox,
                    long ownWorkItems, String ownEntities, long ownEntityMessages) {
    }

    @BeforeAll
    void createQuiescentFixtures() {
        client.scheduleNewOrchestration(TestFunctions.ECHO, "done", new NewOrchestrationOptions(FINISHED, null))
                .await().atMost(AWAIT);
        client.scheduleNewOrchestration(TestFunctions.WAIT_FOR_EVENT, null,
                new NewOrchestrationOptions(WAITING, null)).await().atMost(AWAIT);
        assertThat(client.waitForInstanceCompletion(FINISHED, AWAIT).await().atMost(AWAIT).getRuntimeStatus())
                .isEqualTo(OrchestrationRuntimeStatus.Completed);
        Eventually.until("the waiting fixture to run", () -> client.getInstanceMetadata(WAITING, false)
                .await().atMost(AWAIT).getRuntimeStatus(), OrchestrationRuntimeStatus.Running::equals);
        // Quiescent: the same snapshot three times in a row, a polling interval apart.
        List<Snapshot> recent = new ArrayList<>();
        Eventually.until("the fixtures to be quiescent", () -> {
            recent.add(snapshot());
            pause(config.pollingInterval().toMillis() / 2);
            return recent;
        }, seen -> seen.size() >= 3 && new HashSet<>(seen.subList(seen.size() - 3, seen.size())).size() == 1);
        assertThat(recent.get(recent.size() - 1).ownInbox()).as("nothing waits for the fixtures").isZero();
    }

    @AfterAll
    void terminateWaitingFixture() {
        client.terminate(WAITING, "BadInputHttpTest done").await().atMost(AWAIT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.reprise.http.BadRequests#all")
    void badRequest_answersItsJson4xx_andChangesNothing(Bad bad) {
        Snapshot before = snapshot();

        HttpResponse<String> r = send(bad);

        Snapshot after = snapshot();
        assertThat(r.statusCode()).as("status of %s: %s", bad, r.body()).isEqualTo(bad.status());
        assertThat(r.headers().firstValue("Content-Type")).as("Content-Type of %s", bad)
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = parse(bad, r.body());
        assertThat(body.path("error").asText()).as("error of %s", bad).isEqualTo(bad.error());
        assertThat(body.path("message").isTextual() && !body.path("message").asText().isBlank())
                .as("non-blank message in %s", r.body()).isTrue();
        assertThat(STACK_TRACE.matcher(r.body()).find()).as("stack trace text in %s", r.body()).isFalse();
        assertThat(after).as("the store after %s", bad).isEqualTo(before);
    }

    @Test
    void noBadRequestEverAnswers5xx() {
        List<String> failures = new ArrayList<>();
        for (Bad bad : BadRequests.all().toList()) {
            HttpResponse<String> r = send(bad);
            if (r.statusCode() >= 500) {
                failures.add(bad + " -> " + r.statusCode() + " " + r.body());
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void table_hasAtLeastFortyDistinctRequests() {
        List<Bad> rows = BadRequests.all().toList();
        Set<String> names = new HashSet<>();
        Set<String> requests = new HashSet<>();
        for (Bad bad : rows) {
            names.add(bad.name());
            requests.add(bad.method() + " " + bad.path() + " " + Arrays.toString(bad.headers()) + " "
                    + (bad.body() == null ? "" : new String(bad.body(), StandardCharsets.UTF_8)));
        }
        assertThat(names).as("row names are distinct").hasSize(rows.size());
        assertThat(requests).as("requests are distinct").hasSize(rows.size()).hasSizeGreaterThanOrEqualTo(40);
    }

    // ---- the store ----

    private Snapshot snapshot() {
        String hub = config.taskHub();
        Row row = pool.preparedQuery("""
                        SELECT (SELECT count(*) FROM reprise_instances) AS all_instances,
                               (SELECT coalesce(max(created_at)::text, '') FROM reprise_instances) AS newest,
                               (SELECT coalesce(md5(string_agg(concat_ws('|', instance_id, execution_id, name,
                                                                         runtime_status, input, output, custom_status,
                                                                         failure, last_updated_at, completed_at,
                                                                         lease_owner),
                                                               E'\\n' ORDER BY instance_id)), '')
                                FROM reprise_instances WHERE task_hub = $1 AND starts_with(instance_id, $2)) AS own,
                               (SELECT count(*) FROM reprise_history
                                WHERE task_hub = $1 AND starts_with(instance_id, $2)) AS history,
                               (SELECT count(*) FROM reprise_inbox
                                WHERE task_hub = $1 AND starts_with(instance_id, $2)) AS inbox,
                               (SELECT count(*) FROM reprise_work_items
                                WHERE task_hub = $1 AND starts_with(instance_id, $2)) AS work_items,
                               (SELECT coalesce(md5(string_agg(concat_ws('|', entity_id, state, locked_by, version),
                                                               E'\\n' ORDER BY entity_id)), '')
                                FROM reprise_entities WHERE task_hub = $1 AND strpos(entity_id, '@' || $2) > 0)
                                   AS own_entities,
                               (SELECT count(*) FROM reprise_entity_inbox
                                WHERE task_hub = $1 AND strpos(entity_id, '@' || $2) > 0) AS own_entity_messages""")
                .execute(Tuple.of(hub, PREFIX)).await().atMost(AWAIT).iterator().next();
        return new Snapshot(row.getLong("all_instances"), row.getString("newest"), row.getString("own"),
                row.getLong("history"), row.getLong("inbox"), row.getLong("work_items"), row.getString("own_entities"),
                row.getLong("own_entity_messages"));
    }

    // ---- requests ----

    private static HttpResponse<String> send(Bad bad) {
        return HttpApi.send(bad.method(), bad.path(), bad.body(), bad.headers());
    }

    private static JsonNode parse(Bad bad, String body) {
        try {
            JsonNode node = JSON.readTree(body);
            assertThat(node.isObject()).as("JSON object answer to %s: %s", bad, body).isTrue();
            return node;
        } catch (Exception e) {
            throw new AssertionError("answer to " + bad + " is not JSON: " + body, e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
