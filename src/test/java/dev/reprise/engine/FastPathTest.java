package dev.reprise.engine;

import dev.reprise.api.DurableClient;
import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.api.OrchestrationMetadata;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.PotentialDeadlockException;
import dev.reprise.config.RepriseConfig;
import dev.reprise.dispatch.EngineIdentity;
import dev.reprise.testing.MovableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path keeps the contract of the slow one: a kept (sticky) instance whose lease another process took never
 * has a step applied twice, and orchestrator code that neither finishes nor waits costs its own instance, not the
 * engine.
 */
@QuarkusTest
class FastPathTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    DurableClient client;
    @Inject
    MovableClock clock;
    @Inject
    Pool pool;
    @Inject
    RepriseConfig config;
    @Inject
    EngineIdentity identity;
    @Inject
    StoreQueries store;

    @Test
    void stickyStep_leaseTakenWhileItsActivityRuns_isNotAppliedAndTheInstanceGoesOnFromTheStore() {
        String id = start(TestFunctions.GATED, null, "sticky-lost");
        Eventually.until("the gate activity to run", () -> TestFunctions.gateEntered(id), entered -> entered);
        assertThat(leaseOwner(id)).as("kept here between steps").isEqualTo(identity.owner());

        // Another replica takes the instance over, as it would once the lease expired.
        pool.preparedQuery("UPDATE reprise_instances SET lease_owner = 'another-replica', lease_expires_at = $3 "
                        + "WHERE task_hub = $1 AND instance_id = $2")
                .execute(Tuple.of(config.taskHub(), id, clock.instant().plus(Duration.ofMinutes(1))
                        .atOffset(ZoneOffset.UTC)))
                .await().atMost(TIMEOUT);
        TestFunctions.openGate(id);

        // The step that carries the activity's outcome is refused; the outcome goes through the inbox instead.
        Eventually.until("the outcome in the inbox", () -> store.inboxEventTypes(id),
                types -> types.contains("TaskCompleted"));
        assertThat(status(id)).isEqualTo(OrchestrationRuntimeStatus.Running);

        // The other replica's lease expires unused: this process takes the instance and ends it from the store.
        clock.advance(Duration.ofMinutes(2));
        OrchestrationMetadata done = client.waitForInstanceCompletion(id, TIMEOUT).await().atMost(TIMEOUT);
        assertThat(done.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.Completed);
        assertThat(done.readOutputAs(String.class)).isEqualTo("gate opened");
        List<StoreQueries.HistoryRow> history = store.history(id);
        assertThat(history.stream().filter(r -> r.eventType().equals("TaskCompleted"))).hasSize(1);
        assertThat(history.stream().filter(r -> r.eventType().equals("ExecutionCompleted"))).hasSize(1);
    }

    @Test
    void keptInstance_activityOutcome_isCommittedWithTheNextStepNotThroughTheInbox() {
        String id = start(FastPathFunctions.COUNTING, "once", "sticky-one-commit");

        OrchestrationMetadata done = client.waitForInstanceCompletion(id, TIMEOUT).await().atMost(TIMEOUT);

        assertThat(done.readOutputAs(String.class)).isEqualTo("once");
        assertThat(FastPathFunctions.runs(id)).isEqualTo(1);
        // Start, the step that scheduled the activity, the step that applied its outcome: the outcome never became
        // an inbox message, so its TaskCompleted is in the same step as the completion.
        List<String> types = store.history(id).stream().map(StoreQueries.HistoryRow::eventType).toList();
        assertThat(types).containsSubsequence("TaskScheduled", "OrchestratorCompleted", "OrchestratorStarted",
                "TaskCompleted", "ExecutionCompleted");
        assertThat(leaseOwner(id)).as("a finished instance is let go").isNull();
    }

    @Test
    void orchestrator_blockingCallInItsCode_failsItsInstanceWithPotentialDeadlock() {
        runaway(FastPathFunctions.SLEEPER, "runaway-sleeper");
    }

    @Test
    void orchestrator_endlessLoopInItsCode_failsItsInstanceWithPotentialDeadlock() {
        runaway(FastPathFunctions.SPINNER, "runaway-spinner");
    }

    private void runaway(String orchestrator, String prefix) {
        String id = start(orchestrator, null, prefix);

        clock.advance(config.orchestrations().stepTimeout().plusSeconds(1));
        OrchestrationMetadata failed = client.waitForInstanceCompletion(id, TIMEOUT).await().atMost(TIMEOUT);

        assertThat(failed.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(failed.getFailureDetails().errorType()).isEqualTo(PotentialDeadlockException.class.getName());
        assertThat(failed.getFailureDetails().errorMessage()).contains("'" + orchestrator + "'").contains(id)
                .contains("neither finished nor waited");
        // The engine goes on: another instance runs to its end.
        String other = start(FastPathFunctions.COUNTING, "after", prefix + "-next");
        assertThat(client.waitForInstanceCompletion(other, TIMEOUT).await().atMost(TIMEOUT).getRuntimeStatus())
                .isEqualTo(OrchestrationRuntimeStatus.Completed);
    }

    private String start(String name, Object input, String prefix) {
        String id = Eventually.uniqueId(prefix);
        client.scheduleNewOrchestration(name, input, NewOrchestrationOptions.withInstanceId(id))
                .await().atMost(TIMEOUT);
        return id;
    }

    private OrchestrationRuntimeStatus status(String id) {
        return client.getInstanceMetadata(id, false).await().atMost(TIMEOUT).getRuntimeStatus();
    }

    private String leaseOwner(String id) {
        Row row = pool.preparedQuery("SELECT lease_owner FROM reprise_instances WHERE task_hub = $1 "
                        + "AND instance_id = $2").execute(Tuple.of(config.taskHub(), id))
                .await().atMost(TIMEOUT).iterator().next();
        return row.getString("lease_owner");
    }
}
