package dev.reprise.engine;

import dev.reprise.api.ActivityTimeoutException;
import dev.reprise.api.HistoryEvent;
import dev.reprise.api.OrchestrationMetadata;
import dev.reprise.config.RepriseConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.reprise.api.OrchestrationRuntimeStatus.Completed;
import static dev.reprise.api.OrchestrationRuntimeStatus.Failed;
import static org.assertj.core.api.Assertions.assertThat;

/** Activity timeouts and heartbeats (TaskOptions' start-to-close and heartbeat timeouts) on the real engine. */
@QuarkusTest
class ActivityTimeoutTest extends ClientSteps {

    @Inject
    Pool pool;
    @Inject
    RepriseConfig config;

    @AfterAll
    static void releaseHangingActivities() {
        TimeoutFunctions.release();
    }

    private List<HistoryEvent.TaskFailed> failures(String id) {
        return history(id).stream().filter(HistoryEvent.TaskFailed.class::isInstance)
                .map(HistoryEvent.TaskFailed.class::cast).toList();
    }

    @Test
    void startToCloseTimeout_attemptsHangPastIt_areRetriedPerPolicyUntilOneSucceeds() {
        String id = start(TimeoutFunctions.TIMEOUT_RETRY, new TimeoutFunctions.RetryInput(2, 300, 3), "timeout-retry");

        OrchestrationMetadata done = complete(id);

        assertThat(done.getRuntimeStatus()).isEqualTo(Completed);
        assertThat(done.readOutputAs(String.class)).isEqualTo("done on attempt 3");
        assertThat(failures(id)).hasSize(2).allSatisfy(f -> {
            assertThat(f.failure().errorType()).isEqualTo(ActivityTimeoutException.class.getName());
            assertThat(f.failure().errorMessage()).contains("timed out (START_TO_CLOSE)").contains("300 ms");
            assertThat(f.failure().nonRetriable()).isFalse();
        });
    }

    @Test
    void startToCloseTimeout_blockingAttemptHangsPastIt_isToldToStopAndItsResultDropped() {
        String id = start(TimeoutFunctions.TIMEOUT_RETRY, new TimeoutFunctions.RetryInput(1, 300, 2), "timeout-told");

        OrchestrationMetadata done = complete(id);

        assertThat(done.readOutputAs(String.class)).as("the stopped attempt's own result does not count")
                .isEqualTo("done on attempt 2");
        Eventually.until("the timed-out attempt to see isCancellationRequested()",
                () -> TimeoutFunctions.TOLD_TO_STOP.get(id), told -> told != null && told.get() == 1);
    }

    @Test
    void startToCloseTimeout_everyAttemptHangs_failsInstanceAfterPolicyAttemptsSayingItTimedOut() {
        String id = start(TimeoutFunctions.TIMEOUT_RETRY, new TimeoutFunctions.RetryInput(9, 200, 2),
                "timeout-exhausted");

        OrchestrationMetadata done = complete(id);

        assertThat(done.getRuntimeStatus()).isEqualTo(Failed);
        assertThat(done.getFailureDetails().errorMessage()).contains("Task 'TestHang'").contains("timed out");
        assertThat(done.getFailureDetails().isCausedBy(ActivityTimeoutException.class)).isTrue();
        assertThat(failures(id)).as("each attempt counts, then the policy gives up").hasSize(2);
        // An attempt's time starts when it is written for a worker, so on a busy machine the second may time out
        // before its code starts; no third one may run.
        assertThat(TimeoutFunctions.HANG_ATTEMPTS.get(id).get()).isBetween(1, 2);
    }

    @Test
    void heartbeatTimeout_activityHeartbeatsPastIt_isNotFailed() {
        String id = start(TimeoutFunctions.HEARTBEAT, new TimeoutFunctions.BeatInput(true, 1200, 400), "heartbeat-ok");

        OrchestrationMetadata done = complete(id);

        assertThat(done.readOutputAs(String.class)).isEqualTo("ran");
    }

    @Test
    void heartbeatTimeout_activityStopsHeartbeating_attemptFailsWithHeartbeatTimeout() {
        String id = start(TimeoutFunctions.HEARTBEAT, new TimeoutFunctions.BeatInput(false, 5000, 300),
                "heartbeat-silent");

        OrchestrationMetadata done = complete(id);

        assertThat(done.readOutputAs(String.class))
                .startsWith("failed: " + ActivityTimeoutException.class.getName())
                .contains("timed out (HEARTBEAT)").contains("300 ms");
    }

    @Test
    void startToCloseTimeout_claimedPastItsStoredDeadline_failsWithoutRunningAgain() {
        String id = start(TimeoutFunctions.TIMEOUT_RETRY, new TimeoutFunctions.RetryInput(1, 60_000, 2),
                "timeout-durable");
        Eventually.until("the first attempt to run", () -> TimeoutFunctions.HANG_ATTEMPTS.get(id), a -> a != null);
        // As if the replica running it had died past the deadline: its lease is over and the stored deadline passed.
        long changed = pool.preparedQuery("""
                        UPDATE reprise_work_items
                        SET lease_owner = 'dead-replica', visible_at = now(), deadline_at = now() - interval '1 second'
                        WHERE task_hub = $1 AND instance_id = $2""")
                .execute(Tuple.of(config.taskHub(), id)).await().atMost(Duration.ofSeconds(10)).rowCount();
        assertThat(changed).isEqualTo(1);

        OrchestrationMetadata done = complete(id);

        assertThat(done.readOutputAs(String.class)).isEqualTo("done on attempt 2");
        assertThat(failures(id)).singleElement().satisfies(f ->
                assertThat(f.failure().errorMessage()).contains("timed out (START_TO_CLOSE)"));
        assertThat(TimeoutFunctions.HANG_ATTEMPTS.get(id)).as("the expired delivery did not run the activity again")
                .hasValue(2);
    }
}
