package dev.reprise.replay;

import dev.reprise.api.FailureDetails;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.RetryContext;
import dev.reprise.api.RetryPolicy;
import dev.reprise.api.TaskFailedException;
import dev.reprise.api.TaskOptions;
import dev.reprise.history.OrchestratorAction;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.reprise.replay.ReplayHarness.T0;
import static dev.reprise.replay.ReplayHarness.assertCompletedWith;
import static dev.reprise.replay.ReplayHarness.assertRunningWith;
import static dev.reprise.replay.ReplayHarness.completed;
import static dev.reprise.replay.ReplayHarness.failed;
import static dev.reprise.replay.ReplayHarness.failedNonRetriable;
import static dev.reprise.replay.ReplayHarness.fired;
import static dev.reprise.replay.ReplayHarness.json;
import static dev.reprise.replay.ReplayHarness.schedule;
import static dev.reprise.replay.ReplayHarness.timer;
import static org.assertj.core.api.Assertions.assertThat;

class ReplayRetryTest {

    private static final String IO = "java.io.IOException";
    private static final Duration FIRST = Duration.ofSeconds(10);
    private static final RetryPolicy THREE_ATTEMPTS = RetryPolicy.of(3, FIRST).withBackoffCoefficient(2.0);

    /** Calls Flaky with the policy and lets a final failure fail the orchestration. */
    private static OrchestratorFunction flaky(TaskOptions options) {
        return ctx -> ctx.callActivity("Flaky", "payload", options, String.class).await();
    }

    @Test
    void retryPolicy_threeFailures_timersGrowByCoefficientThenOrchestrationFailsWithLastFailure() {
        ReplayHarness h = ReplayHarness.of("Retry", flaky(TaskOptions.withRetryPolicy(THREE_ATTEMPTS)));
        assertRunningWith(h.start(T0, null), schedule(0, "Flaky", "payload"));

        Instant f1 = T0.plusSeconds(1);
        ReplayResult r2 = h.step(f1, failed(f1, 0, IO, "boom 1"));
        assertRunningWith(r2, timer(1, f1.plus(FIRST)));

        Instant w1 = f1.plus(FIRST);
        assertRunningWith(h.step(w1, fired(w1, 1, w1)), schedule(2, "Flaky", "payload"));

        Instant f2 = w1.plusSeconds(3);
        ReplayResult r4 = h.step(f2, failed(f2, 2, IO, "boom 2"));
        assertRunningWith(r4, timer(3, f2.plus(FIRST.multipliedBy(2))));

        Instant w2 = f2.plus(FIRST.multipliedBy(2));
        assertRunningWith(h.step(w2, fired(w2, 3, w2)), schedule(4, "Flaky", "payload"));

        Instant f3 = w2.plusSeconds(2);
        ReplayResult last = h.step(f3, failed(f3, 4, IO, "boom 3"));

        Duration firstWait = Duration.between(f1, ((OrchestratorAction.CreateTimer) r2.actions().get(0)).fireAt());
        Duration secondWait = Duration.between(f2, ((OrchestratorAction.CreateTimer) r4.actions().get(0)).fireAt());
        assertThat(secondWait).isEqualTo(firstWait.multipliedBy(2));

        assertThat(last.status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(last.actions()).hasSize(1);
        FailureDetails failure = last.failure();
        assertThat(failure.errorType()).isEqualTo(TaskFailedException.class.getName());
        assertThat(failure.errorMessage()).contains("Flaky").contains("#4").contains("boom 3");
        assertThat(failure.innerFailure()).isEqualTo(FailureDetails.of(IO, "boom 3", false));
        assertThat(ReplayHarness.completion(last).failure().errorType()).isEqualTo(failure.errorType());

        h.replayFromScratch(f3.plusSeconds(60));
    }

    @Test
    void retryPolicy_secondAttemptSucceeds_completesWithItsResult() {
        ReplayHarness h = ReplayHarness.of("Retry", flaky(TaskOptions.withRetryPolicy(THREE_ATTEMPTS)));
        h.start(T0, null);
        Instant f1 = T0.plusSeconds(1);
        h.step(f1, failed(f1, 0, IO, "transient"));
        Instant w1 = f1.plus(FIRST);
        h.step(w1, fired(w1, 1, w1));

        Instant ok = w1.plusSeconds(1);
        assertCompletedWith(h.step(ok, completed(ok, 2, "second time lucky")), json("second time lucky"));

        h.replayFromScratch(ok.plusSeconds(1));
    }

    @Test
    void retryPolicy_finalFailureCaught_surfacesTaskFailedExceptionWithDetailsOfLastAttempt() {
        OrchestratorFunction fn = ctx -> {
            try {
                return ctx.callActivity("Flaky", 1, TaskOptions.withRetryPolicy(RetryPolicy.of(2, FIRST)),
                        String.class).await();
            } catch (TaskFailedException e) {
                return e.getTaskName() + "#" + e.getTaskId() + " " + e.getFailureDetails().errorType() + ": "
                        + e.getFailureDetails().errorMessage();
            }
        };
        ReplayHarness h = ReplayHarness.of("Caught", fn);
        h.start(T0, null);
        h.step(T0.plusSeconds(1), failed(T0.plusSeconds(1), 0, IO, "first"));
        h.step(T0.plusSeconds(11), fired(T0.plusSeconds(11), 1, T0.plusSeconds(11)));

        ReplayResult r = h.step(T0.plusSeconds(12), failed(T0.plusSeconds(12), 2, "java.lang.IllegalStateException",
                "second"));

        assertCompletedWith(r, json("Flaky#2 java.lang.IllegalStateException: second"));
        h.replayFromScratch(T0.plusSeconds(13));
    }

    @Test
    void retryPolicy_nonRetriableFailure_isNotRetried() {
        ReplayHarness h = ReplayHarness.of("Retry", flaky(TaskOptions.withRetryPolicy(THREE_ATTEMPTS)));
        h.start(T0, null);

        ReplayResult r = h.step(T0.plusSeconds(1), failedNonRetriable(T0.plusSeconds(1), 0,
                "dev.reprise.UnknownActivity", "no activity named Flaky"));

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(ReplayHarness.actionsOf(r, OrchestratorAction.CreateTimer.class)).isEmpty();
        assertThat(ReplayHarness.actionsOf(r, OrchestratorAction.ScheduleTask.class)).isEmpty();
        assertThat(r.failure().innerFailure().errorMessage()).isEqualTo("no activity named Flaky");
        h.replayFromScratch(T0.plusSeconds(2));
    }

    @Test
    void retryPolicy_maxRetryInterval_capsTheBackoff() {
        RetryPolicy capped = RetryPolicy.of(5, FIRST).withBackoffCoefficient(10.0)
                .withMaxRetryInterval(Duration.ofSeconds(30));
        ReplayHarness h = ReplayHarness.of("Capped", flaky(TaskOptions.withRetryPolicy(capped)));
        h.start(T0, null);
        Instant f1 = T0.plusSeconds(1);
        assertRunningWith(h.step(f1, failed(f1, 0, IO, "1")), timer(1, f1.plus(FIRST)));
        Instant w1 = f1.plus(FIRST);
        h.step(w1, fired(w1, 1, w1));

        Instant f2 = w1.plusSeconds(1);
        assertRunningWith(h.step(f2, failed(f2, 2, IO, "2")), timer(3, f2.plusSeconds(30)));
        h.replayFromScratch(f2.plusSeconds(1));
    }

    @Test
    void retryPolicy_retryTimeoutElapsedInOrchestrationTime_stopsRetrying() {
        RetryPolicy budget = RetryPolicy.of(10, FIRST).withRetryTimeout(Duration.ofMinutes(1));
        ReplayHarness h = ReplayHarness.of("Budget", flaky(TaskOptions.withRetryPolicy(budget)));
        h.start(T0, null);

        // The first attempt reports back after two minutes of orchestration time: no retry is left.
        Instant f1 = T0.plus(Duration.ofMinutes(2));
        ReplayResult r = h.step(f1, failed(f1, 0, IO, "slow and broken"));

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(ReplayHarness.actionsOf(r, OrchestratorAction.CreateTimer.class)).isEmpty();
        h.replayFromScratch(f1.plusSeconds(1));
    }

    @Test
    void retryPolicy_twoRetriedActivitiesInParallel_attemptsAndTimersInterleaveDeterministically() {
        OrchestratorFunction fn = ctx -> {
            TaskOptions retry = TaskOptions.withRetryPolicy(RetryPolicy.of(2, FIRST));
            return ctx.allOf(List.of(ctx.callActivity("A", null, retry, String.class),
                    ctx.callActivity("B", null, retry, String.class))).await();
        };
        ReplayHarness h = ReplayHarness.of("ParallelRetry", fn);
        assertRunningWith(h.start(T0, null), schedule(0, "A", null), schedule(1, "B", null));

        Instant t1 = T0.plusSeconds(1);
        assertRunningWith(h.step(t1, failed(t1, 1, IO, "b1"), failed(t1, 0, IO, "a1")),
                timer(2, t1.plus(FIRST)), timer(3, t1.plus(FIRST)));
        Instant t2 = t1.plus(FIRST);
        // B's retry timer (#2, created first because B failed first) fires first, so B's second attempt is #4.
        assertRunningWith(h.step(t2, fired(t2, 2, t2), fired(t2, 3, t2)), schedule(4, "B", null),
                schedule(5, "A", null));
        Instant t3 = t2.plusSeconds(1);
        assertCompletedWith(h.step(t3, completed(t3, 5, "a"), completed(t3, 4, "b")), json(List.of("a", "b")));

        h.replayFromScratch(t3.plusSeconds(1));
    }

    @Test
    void retryHandler_decidesPerFailure_seesAttemptElapsedTimeAndFailureThenStops() {
        List<String> decisions = new ArrayList<>();
        OrchestratorFunction fn = ctx -> {
            TaskOptions options = TaskOptions.withRetryHandler((RetryContext rc) -> {
                decisions.add(rc.lastAttempt() + ":" + rc.totalRetryTime() + ":" + rc.lastFailure().errorType()
                        + ":" + rc.context().isReplaying());
                return IO.equals(rc.lastFailure().errorType()) ? Duration.ofSeconds(5L * rc.lastAttempt()) : null;
            });
            return ctx.callActivity("Flaky", null, options, String.class).await();
        };
        ReplayHarness h = ReplayHarness.of("Handler", fn).withoutSessionCheck(); // records what each run saw
        h.start(T0, null);

        Instant f1 = T0.plusSeconds(2);
        assertRunningWith(h.step(f1, failed(f1, 0, IO, "io")), timer(1, f1.plusSeconds(5)));
        Instant w1 = f1.plusSeconds(5);
        assertRunningWith(h.step(w1, fired(w1, 1, w1)), schedule(2, "Flaky", null));
        Instant f2 = w1.plusSeconds(1);
        assertRunningWith(h.step(f2, failed(f2, 2, IO, "io again")), timer(3, f2.plusSeconds(10)));
        Instant w2 = f2.plusSeconds(10);
        h.step(w2, fired(w2, 3, w2));
        Instant f3 = w2.plusSeconds(1);
        ReplayResult r = h.step(f3, failed(f3, 4, "java.lang.IllegalArgumentException", "bad input"));

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(r.failure().innerFailure().errorType()).isEqualTo("java.lang.IllegalArgumentException");
        // The handler's last live decision: third attempt, 19s after the first was scheduled, not replaying.
        assertThat(decisions.get(decisions.size() - 1)).isEqualTo("3:PT19S:java.lang.IllegalArgumentException:false");
        // During that step it was also consulted again, replaying, for the two earlier failures.
        assertThat(decisions.subList(decisions.size() - 3, decisions.size() - 1))
                .containsExactly("1:PT2S:java.io.IOException:true", "2:PT8S:java.io.IOException:true");

        h.replayFromScratch(f3.plusSeconds(1));
    }

    @Test
    void retryHandler_returnsZero_retriesAfterZeroDelayTimer() {
        OrchestratorFunction fn = ctx -> ctx.callActivity("Flaky", null,
                TaskOptions.withRetryHandler(rc -> rc.lastAttempt() < 2 ? Duration.ZERO : null), String.class).await();
        ReplayHarness h = ReplayHarness.of("Zero", fn);
        h.start(T0, null);
        Instant f1 = T0.plusSeconds(1);

        assertRunningWith(h.step(f1, failed(f1, 0, IO, "x")), timer(1, f1));
        assertRunningWith(h.step(f1, fired(f1, 1, f1)), schedule(2, "Flaky", null));
        assertCompletedWith(h.step(f1.plusSeconds(1), completed(f1, 2, "ok")), json("ok"));
        h.replayFromScratch(f1.plusSeconds(2));
    }
}
