package dev.reprise.ops;

import dev.reprise.config.RepriseConfig;
import dev.reprise.engine.Eventually;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reprise's own meters, read as Prometheus scrapes them from /q/metrics. Other tests share the application, so each
 * assertion compares a scrape after the scenario with one before it.
 */
@QuarkusTest
class EngineMetricsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    RepriseConfig config;

    @Test
    void completedInstance_countsStartFinishActivitiesAndReplays() {
        String before = OpsHttp.scrape();
        String id = OpsHttp.start("HelloCities", "[\"Paris\",\"Rome\",\"Oslo\"]");
        assertThat(OpsHttp.awaitFinished(id)).isEqualTo("Completed");
        String after = OpsHttp.scrape();

        assertThat(delta(before, after, "reprise_orchestrations_started_total", Map.of("name", "HelloCities")))
                .isEqualTo(1);
        assertThat(delta(before, after, "reprise_orchestrations_finished_total",
                Map.of("name", "HelloCities", "status", "Completed"))).isEqualTo(1);
        assertThat(delta(before, after, "reprise_activities_executed_total",
                Map.of("name", "SayHello", "outcome", "completed"))).isEqualTo(3);
        assertThat(delta(before, after, "reprise_activities_duration_seconds_count", Map.of("name", "SayHello")))
                .isEqualTo(3);
        // The start, then one step per activity result.
        assertThat(delta(before, after, "reprise_orchestrations_replay_seconds_count", Map.of("name", "HelloCities")))
                .isEqualTo(4);
        assertThat(OpsHttp.value(after, "reprise_orchestrations_replay_seconds_sum", Map.of("name", "HelloCities")))
                .isPositive();
        assertThat(OpsHttp.samples(after)).as("no instance ID in any label")
                .noneMatch(s -> s.labels().containsValue(id));
    }

    @Test
    void failedActivityAndInstance_areCountedAsFailed() {
        String before = OpsHttp.scrape();
        // A blank conference fails BookConference (any named conference is booked since issue 13).
        String id = OpsHttp.start("BookTrip", "{\"conference\":\" \",\"origin\":\"Seattle\","
                + "\"destination\":\"San Francisco\"}");
        assertThat(OpsHttp.awaitFinished(id)).isEqualTo("Failed");
        String after = OpsHttp.scrape();

        assertThat(delta(before, after, "reprise_activities_executed_total",
                Map.of("name", "BookConference", "outcome", "failed"))).isEqualTo(1);
        assertThat(delta(before, after, "reprise_orchestrations_finished_total",
                Map.of("name", "BookTrip", "status", "Failed"))).isEqualTo(1);
    }

    @Test
    void terminatedInstance_isCountedAsTerminated() {
        String before = OpsHttp.scrape();
        String id = OpsHttp.start("Approval", "{\"document\":\"metrics\",\"timeoutSeconds\":300}");
        OpsHttp.awaitStatus(id, "Running");
        given().post(OpsHttp.ROOT + "/instances/{id}/terminate?reason=test", id).then().statusCode(202);
        assertThat(OpsHttp.awaitFinished(id)).isEqualTo("Terminated");
        String after = OpsHttp.scrape();

        assertThat(delta(before, after, "reprise_orchestrations_finished_total",
                Map.of("name", "Approval", "status", "Terminated"))).isEqualTo(1);
    }

    @Test
    void firedTimer_recordsItsLateness() {
        String before = OpsHttp.scrape();
        // No approval within 1 s: the timeout timer fires and Escalate runs.
        String id = OpsHttp.start("Approval", "{\"document\":\"late\",\"timeoutSeconds\":1}");
        assertThat(OpsHttp.awaitFinished(id)).isEqualTo("Completed");
        String after = OpsHttp.scrape();

        assertThat(delta(before, after, "reprise_timers_lateness_seconds_count", Map.of("name", "Approval")))
                .isEqualTo(1);
        double lateness = delta(before, after, "reprise_timers_lateness_seconds_sum", Map.of("name", "Approval"));
        assertThat(lateness).isGreaterThanOrEqualTo(0).isLessThan(30);
    }

    @Test
    void expiredLeases_areCountedAsTakeoversByKind() {
        String before = OpsHttp.scrape();
        assertThat(OpsHttp.has(before, "reprise_leases_takeovers_total")).isTrue();

        // An instance whose lease a dead process held: the next claim takes it over.
        String id = OpsHttp.start("Approval", "{\"document\":\"takeover\",\"timeoutSeconds\":300}");
        OpsHttp.awaitStatus(id, "Running");
        execute("UPDATE reprise_instances SET lease_owner = 'dead-process', lease_expires_at = now() - interval '1 s'"
                + " WHERE task_hub = $1 AND instance_id = $2", Tuple.of(config.taskHub(), id));
        given().contentType(ContentType.JSON).body("{\"approved\":true}")
                .post(OpsHttp.ROOT + "/instances/{id}/raiseEvent/ApprovalEvent", id).then().statusCode(202);
        assertThat(OpsHttp.awaitFinished(id)).isEqualTo("Completed");

        // A work item a dead process held, of an execution that no longer exists (its result is discarded).
        execute("""
                INSERT INTO reprise_work_items (task_hub, instance_id, execution_id, task_id, name, input,
                                                delivery_count, visible_at, lease_owner, created_at)
                VALUES ($1, $2, 'gone-execution', 1, 'SayHello', '"ghost"', 1, now() - interval '1 s',
                        'dead-process', now())""", Tuple.of(config.taskHub(), id));
        String after = Eventually.until("the abandoned work item to be taken over", OpsHttp::scrape,
                s -> delta(before, s, "reprise_leases_takeovers_total", Map.of("kind", "activity")) >= 1);

        assertThat(delta(before, after, "reprise_leases_takeovers_total", Map.of("kind", "orchestration")))
                .isEqualTo(1);
        assertThat(delta(before, after, "reprise_leases_takeovers_total", Map.of("kind", "activity")))
                .isEqualTo(1);
    }

    @Test
    void backlogGauges_countDueMessagesInTheBackground() {
        assertThat(OpsHttp.has(OpsHttp.scrape(), "reprise_work_items_due")).isTrue();
        // A suspended instance leaves an event in its inbox: due, but not applied until it is resumed.
        String id = OpsHttp.start("Approval", "{\"document\":\"backlog\",\"timeoutSeconds\":300}");
        OpsHttp.awaitStatus(id, "Running");
        given().post(OpsHttp.ROOT + "/instances/{id}/suspend", id).then().statusCode(202);
        OpsHttp.awaitStatus(id, "Suspended");
        given().contentType(ContentType.JSON).body("{\"approved\":true}")
                .post(OpsHttp.ROOT + "/instances/{id}/raiseEvent/ApprovalEvent", id).then().statusCode(202);

        Eventually.until("the backlog gauge to count the waiting event", OpsHttp::scrape,
                s -> OpsHttp.value(s, "reprise_inbox_due", Map.of()) >= 1);

        given().post(OpsHttp.ROOT + "/instances/{id}/resume", id).then().statusCode(202);
        assertThat(OpsHttp.awaitFinished(id)).isEqualTo("Completed");
    }

    private void execute(String sql, Tuple args) {
        pool.preparedQuery(sql).execute(args).await().atMost(TIMEOUT);
    }

    private static double delta(String before, String after, String name, Map<String, String> labels) {
        return OpsHttp.value(after, name, labels) - OpsHttp.value(before, name, labels);
    }
}
