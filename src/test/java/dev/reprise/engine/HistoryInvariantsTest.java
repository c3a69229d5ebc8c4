package dev.reprise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.api.DurableClient;
import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.api.OrchestrationMetadata;
import dev.reprise.config.RepriseConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.reprise.api.OrchestrationRuntimeStatus.Completed;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the engine wrote to {@code reprise_history}, read with SQL: for a completed instance the sequence numbers are
 * 0..n-1 without gaps or duplicates, all rows belong to the current execution, steps are bracketed by
 * OrchestratorStarted/OrchestratorCompleted, and every scheduled task and timer has exactly one outcome.
 */
@QuarkusTest
class HistoryInvariantsTest {

    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final List<String> TASK_OUTCOMES = List.of("TaskCompleted", "TaskFailed");

    @Inject
    DurableClient client;

    @Inject
    StoreQueries store;

    @Inject
    Pool pool;

    @Inject
    RepriseConfig config;

    static Stream<Arguments> completedInstances() {
        return Stream.of(
                Arguments.of(TestFunctions.CHAIN, new String[]{"a", "b", "c"}),
                // long enough for most steps to continue an extended session
                Arguments.of(TestFunctions.CHAIN, java.util.stream.IntStream.range(0, 30).mapToObj(k -> "n" + k)
                        .toArray(String[]::new)),
                Arguments.of(TestFunctions.FAN_OUT, 5),
                Arguments.of(TestFunctions.FAN_OUT, 40),
                Arguments.of(TestFunctions.RETRY, 2),
                Arguments.of(TestFunctions.SUB_PARENT, "n"),
                Arguments.of(TestFunctions.TIMER, 100),
                Arguments.of(TestFunctions.CONTINUE_AS_NEW, 0),
                Arguments.of(TestFunctions.UNKNOWN_ACTIVITY, null));
    }

    @ParameterizedTest(name = "{0}({1})")
    @MethodSource("completedInstances")
    void history_completedInstance_isGaplessAndEveryTaskHasExactlyOneOutcome(String orchestrator, Object input) {
        String id = Eventually.uniqueId("engine-invariants-" + orchestrator);
        client.scheduleNewOrchestration(orchestrator, input, NewOrchestrationOptions.withInstanceId(id))
                .await().atMost(AWAIT);
        OrchestrationMetadata done = client.waitForInstanceCompletion(id, AWAIT).await().atMost(AWAIT);
        assertThat(done.getRuntimeStatus()).isEqualTo(Completed);

        // Aggregates computed by PostgreSQL itself.
        Row stats = pool.preparedQuery("""
                        SELECT count(*) AS n, count(DISTINCT sequence_number) AS distinct_n,
                               min(sequence_number) AS lo, max(sequence_number) AS hi,
                               count(DISTINCT execution_id) AS executions
                        FROM reprise_history WHERE task_hub = $1 AND instance_id = $2""")
                .execute(Tuple.of(config.taskHub(), id)).await().atMost(AWAIT).iterator().next();
        long n = stats.getLong("n");
        assertThat(n).isPositive();
        assertThat(pool.preparedQuery("""
                        SELECT history_size FROM reprise_instances WHERE task_hub = $1 AND instance_id = $2""")
                .execute(Tuple.of(config.taskHub(), id)).await().atMost(AWAIT).iterator().next()
                .getInteger("history_size")).as("the instance's history_size counts its history rows").isEqualTo(n);
        assertThat(stats.getLong("distinct_n")).as("no duplicate sequence numbers").isEqualTo(n);
        assertThat(stats.getInteger("lo")).isZero();
        assertThat(stats.getInteger("hi")).as("no gaps").isEqualTo((int) n - 1);
        assertThat(stats.getLong("executions")).isEqualTo(1);
        Row orphans = pool.preparedQuery("""
                        SELECT count(*) AS unmatched FROM reprise_history s
                        WHERE s.task_hub = $1 AND s.instance_id = $2 AND s.event_type = 'TaskScheduled'
                          AND (SELECT count(*) FROM reprise_history o
                               WHERE o.task_hub = s.task_hub AND o.instance_id = s.instance_id
                                 AND o.event_type IN ('TaskCompleted', 'TaskFailed')
                                 AND (o.payload::jsonb ->> 'taskId') = (s.payload::jsonb ->> 'taskId')) <> 1""")
                .execute(Tuple.of(config.taskHub(), id)).await().atMost(AWAIT).iterator().next();
        assertThat(orphans.getLong("unmatched")).as("TaskScheduled without exactly one outcome").isZero();

        // The same and more, row by row.
        List<StoreQueries.HistoryRow> rows = store.history(id);
        assertThat(rows).extracting(StoreQueries.HistoryRow::sequenceNumber)
                .containsExactlyElementsOf(IntStream.range(0, rows.size()).boxed().toList());
        assertThat(rows).extracting(StoreQueries.HistoryRow::executionId).containsOnly(store.executionId(id));
        assertThat(rows).allSatisfy(r -> assertThat(r.payload().get("type").asText()).isEqualTo(r.eventType()));
        assertStepsBracketed(rows);
        assertThat(rows.stream().filter(r -> r.eventType().equals("ExecutionStarted"))).hasSize(1);
        assertThat(rows.get(rows.size() - 2).eventType()).isEqualTo("ExecutionCompleted");
        assertOneOutcomeEach(rows, "TaskScheduled", TASK_OUTCOMES);
        assertOneOutcomeEach(rows, "TimerCreated", List.of("TimerFired"));
        assertOneOutcomeEach(rows, "SubOrchestrationInstanceCreated",
                List.of("SubOrchestrationInstanceCompleted", "SubOrchestrationInstanceFailed"));
        assertThat(store.rowCount("reprise_work_items", id)).as("no activity left behind").isZero();
    }

    private static void assertStepsBracketed(List<StoreQueries.HistoryRow> rows) {
        boolean inStep = false;
        for (StoreQueries.HistoryRow r : rows) {
            switch (r.eventType()) {
                case "OrchestratorStarted" -> {
                    assertThat(inStep).as("OrchestratorStarted at #%d inside a step", r.sequenceNumber()).isFalse();
                    inStep = true;
                }
                case "OrchestratorCompleted" -> {
                    assertThat(inStep).as("OrchestratorCompleted at #%d outside a step", r.sequenceNumber()).isTrue();
                    inStep = false;
                }
                default -> assertThat(inStep).as("%s at #%d outside a step", r.eventType(), r.sequenceNumber())
                        .isTrue();
            }
        }
        assertThat(inStep).as("last step closed").isFalse();
    }

    /** Every {@code scheduling} event's taskId has exactly one of {@code outcomes}, and no outcome is unscheduled. */
    private static void assertOneOutcomeEach(List<StoreQueries.HistoryRow> rows, String scheduling,
                                             List<String> outcomes) {
        Map<Integer, Integer> outcomeCount = new HashMap<>();
        Map<Integer, Integer> scheduledAt = new HashMap<>();
        for (StoreQueries.HistoryRow r : rows) {
            if (r.eventType().equals(scheduling)) {
                Integer previous = scheduledAt.put(taskId(r), r.sequenceNumber());
                assertThat(previous).as("%s taskId %d scheduled twice", scheduling, taskId(r)).isNull();
            }
        }
        for (StoreQueries.HistoryRow r : rows) {
            if (outcomes.contains(r.eventType())) {
                int taskId = taskId(r);
                assertThat(scheduledAt).as("%s #%d for a task never %s", r.eventType(), r.sequenceNumber(),
                        scheduling).containsKey(taskId);
                assertThat(r.sequenceNumber()).as("outcome after scheduling").isGreaterThan(scheduledAt.get(taskId));
                outcomeCount.merge(taskId, 1, Integer::sum);
            }
        }
        for (Integer taskId : scheduledAt.keySet()) {
            assertThat(outcomeCount.getOrDefault(taskId, 0)).as("outcomes of %s taskId %d", scheduling, taskId)
                    .isEqualTo(1);
        }
    }

    private static int taskId(StoreQueries.HistoryRow r) {
        JsonNode id = r.payload().get("taskId");
        assertThat(id).as("taskId of %s", r.payload()).isNotNull();
        return id.asInt();
    }
}
