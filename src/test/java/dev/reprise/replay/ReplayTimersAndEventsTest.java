package dev.reprise.replay;

import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.Task;
import dev.reprise.api.TaskCanceledException;
import dev.reprise.api.TaskFailedException;
import dev.reprise.api.HistoryEvent;
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
import static dev.reprise.replay.ReplayHarness.fired;
import static dev.reprise.replay.ReplayHarness.json;
import static dev.reprise.replay.ReplayHarness.raised;
import static dev.reprise.replay.ReplayHarness.schedule;
import static dev.reprise.replay.ReplayHarness.timer;
import static org.assertj.core.api.Assertions.assertThat;

class ReplayTimersAndEventsTest {

    private static final Duration HOUR = Duration.ofHours(1);

    /** Waits for approval for at most an hour; a timeout is caught and reported. */
    private static final OrchestratorFunction APPROVAL_WITH_TIMEOUT = ctx -> {
        try {
            return "approved by " + ctx.waitForExternalEvent("Approval", HOUR, String.class).await();
        } catch (TaskCanceledException e) {
            return "timed out waiting for " + e.getTaskName();
        }
    };

    /** Races an approval event against a one-day deadline timer. */
    private static final OrchestratorFunction APPROVAL_RACE = ctx -> {
        Task<Boolean> approval = ctx.waitForExternalEvent("Approval", Boolean.class);
        Task<Void> deadline = ctx.createTimer(Duration.ofDays(1));
        Task<?> winner = ctx.anyOf(approval, deadline).await();
        if (winner == approval) {
            return approval.await() ? "approved" : "rejected";
        }
        return "escalated";
    };

    // ---- durable timers ----

    @Test
    void createTimer_duration_firesAtCurrentTimePlusDelayAndCurrentInstantIsReplaySafe() {
        OrchestratorFunction fn = ctx -> {
            Instant before = ctx.getCurrentInstant();
            ctx.createTimer(HOUR).await();
            Instant after = ctx.getCurrentInstant();
            return List.of(before.toString(), after.toString());
        };
        ReplayHarness h = ReplayHarness.of("Sleep", fn);

        ReplayResult r1 = h.start(T0, null);
        assertRunningWith(r1, timer(0, T0.plus(HOUR)));
        assertThat(r1.newHistory()).contains(new HistoryEvent.TimerCreated(T0, 0, T0.plus(HOUR)));

        // The timer is delivered a little late; the code sees the time of the step that delivered it.
        Instant late = T0.plus(HOUR).plusSeconds(3);
        ReplayResult r2 = h.step(late, fired(late, 0, T0.plus(HOUR)));
        assertCompletedWith(r2, json(List.of(T0.toString(), late.toString())));

        h.replayFromScratch(T0.plus(Duration.ofDays(30)));
    }

    @Test
    void createTimer_afterActivity_usesTimeOfStepThatDeliveredTheResult() {
        OrchestratorFunction fn = ctx -> {
            ctx.callActivity("Work", null).await();
            ctx.createTimer(Duration.ofMinutes(5)).await();
            ctx.createTimer(T0.plus(Duration.ofDays(2))).await();
            return ctx.getCurrentInstant().toString();
        };
        ReplayHarness h = ReplayHarness.of("WorkThenSleep", fn);
        h.start(T0, null);
        Instant t1 = T0.plusSeconds(42);

        assertRunningWith(h.step(t1, completed(t1, 0, null)), timer(1, t1.plus(Duration.ofMinutes(5))));
        Instant t2 = t1.plus(Duration.ofMinutes(5));
        assertRunningWith(h.step(t2, fired(t2, 1, t2)), timer(2, T0.plus(Duration.ofDays(2))));
        Instant t3 = T0.plus(Duration.ofDays(2));
        assertCompletedWith(h.step(t3, fired(t3, 2, t3)), json(t3.toString()));

        h.replayFromScratch(t3.plusSeconds(1));
    }

    @Test
    void createTimer_negativeDelay_firesAtCurrentTime() {
        ReplayHarness h = ReplayHarness.of("Negative", ctx -> ctx.createTimer(Duration.ofSeconds(-5)).await());

        assertRunningWith(h.start(T0, null), timer(0, T0));
    }

    @Test
    void getCurrentInstant_acrossSteps_returnsEachStepTimeAtTheSamePointOnEveryReplay() {
        List<List<Instant>> seenPerRun = new ArrayList<>();
        OrchestratorFunction fn = ctx -> {
            List<Instant> seen = new ArrayList<>();
            seenPerRun.add(seen);
            seen.add(ctx.getCurrentInstant());
            ctx.callActivity("A", null).await();
            seen.add(ctx.getCurrentInstant());
            ctx.callActivity("B", null).await();
            seen.add(ctx.getCurrentInstant());
            return null;
        };
        ReplayHarness h = ReplayHarness.of("Clocks", fn).withoutSessionCheck(); // records what each run saw
        Instant t1 = T0.plusSeconds(10);
        Instant t2 = T0.plusSeconds(20);
        h.start(T0, null);
        h.step(t1, completed(t1, 0, null));
        h.step(t2, completed(t2, 1, null));
        h.replayFromScratch(T0.plus(Duration.ofDays(1)));

        assertThat(seenPerRun).hasSize(4);
        assertThat(seenPerRun.get(2)).containsExactly(T0, t1, t2);
        assertThat(seenPerRun.get(3)).containsExactly(T0, t1, t2);
        assertThat(seenPerRun.get(1)).containsExactly(T0, t1);
    }

    // ---- external events ----

    @Test
    void waitForExternalEvent_eventRaisedBeforeTheWait_isBufferedAndDelivered() {
        OrchestratorFunction fn = ctx -> {
            ctx.callActivity("Prepare", null).await();
            return ctx.waitForExternalEvent("Approval", String.class).await();
        };
        ReplayHarness h = ReplayHarness.of("Buffered", fn);
        h.start(T0, null);

        assertRunningWith(h.step(T0.plusSeconds(1), raised(T0.plusSeconds(1), "Approval", "alice")));
        assertCompletedWith(h.step(T0.plusSeconds(2), completed(T0.plusSeconds(2), 0, null)), json("alice"));

        h.replayFromScratch(T0.plusSeconds(3));
    }

    @Test
    void waitForExternalEvent_eventInFirstBatch_completesInFirstStep() {
        ReplayHarness h = ReplayHarness.of("Immediate",
                ctx -> ctx.waitForExternalEvent("Go", Integer.class).await() * 2);

        assertCompletedWith(h.start(T0, null, raised(T0, "Go", 21)), "42");
        h.replayFromScratch(T0.plusSeconds(1));
    }

    @Test
    void waitForExternalEvent_sameNameRaisedTwice_deliversInArrivalOrderAndIgnoresOtherNames() {
        OrchestratorFunction fn = ctx -> {
            String first = ctx.waitForExternalEvent("Item", String.class).await();
            String second = ctx.waitForExternalEvent("Item", String.class).await();
            return first + "," + second;
        };
        ReplayHarness h = ReplayHarness.of("TwoItems", fn);
        h.start(T0, null);
        Instant t1 = T0.plusSeconds(1);

        assertRunningWith(h.step(t1, raised(t1, "Other", "x"), raised(t1, "Item", "one")));
        assertCompletedWith(h.step(t1.plusSeconds(1), raised(t1, "Item", "two")), json("one,two"));
        h.replayFromScratch(t1.plusSeconds(2));
    }

    @Test
    void waitForExternalEvent_withTimeoutEventArrivesFirst_returnsEventAndLeavesTimerUnused() {
        ReplayHarness h = ReplayHarness.of("Approval", APPROVAL_WITH_TIMEOUT);

        assertRunningWith(h.start(T0, null), timer(0, T0.plus(HOUR)));
        Instant t1 = T0.plus(Duration.ofMinutes(10));
        assertCompletedWith(h.step(t1, raised(t1, "Approval", "bob")), json("approved by bob"));

        h.replayFromScratch(t1.plus(HOUR));
    }

    @Test
    void waitForExternalEvent_withTimeoutTimerFiresFirst_throwsTaskCanceledExceptionCaughtByOrchestrator() {
        ReplayHarness h = ReplayHarness.of("Approval", APPROVAL_WITH_TIMEOUT);
        h.start(T0, null);
        Instant t1 = T0.plus(HOUR);

        // The approval arrives in the same batch, but after the timer: too late.
        ReplayResult r = h.step(t1, fired(t1, 0, T0.plus(HOUR)), raised(t1, "Approval", "late"));

        assertCompletedWith(r, json("timed out waiting for Approval"));
        h.replayFromScratch(t1.plusSeconds(1));
    }

    @Test
    void waitForExternalEvent_timeoutNotCaught_failsWithTaskCanceledException() {
        ReplayHarness h = ReplayHarness.of("Strict",
                ctx -> ctx.waitForExternalEvent("Approval", HOUR, String.class).await());
        h.start(T0, null);

        ReplayResult r = h.step(T0.plus(HOUR), fired(T0.plus(HOUR), 0, T0.plus(HOUR)));

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(r.failure().errorType()).isEqualTo(TaskCanceledException.class.getName());
        assertThat(r.failure().errorMessage()).contains("Approval").contains("PT1H");
        h.replayFromScratch(T0.plus(HOUR).plusSeconds(1));
    }

    @Test
    void waitForExternalEvent_eventBufferedBeforeWaitWithTimeout_completesWithoutCreatingTimer() {
        OrchestratorFunction fn = ctx -> {
            ctx.callActivity("Prepare", null).await();
            return ctx.waitForExternalEvent("Approval", HOUR, String.class).await();
        };
        ReplayHarness h = ReplayHarness.of("BufferedTimeout", fn);
        h.start(T0, null, raised(T0, "Approval", "early"));

        ReplayResult r = h.step(T0.plusSeconds(1), completed(T0.plusSeconds(1), 0, null));

        assertCompletedWith(r, json("early"));
        assertThat(ReplayHarness.actionsOf(r, OrchestratorAction.CreateTimer.class)).isEmpty();
        h.replayFromScratch(T0.plusSeconds(2));
    }

    @Test
    void anyOf_eventBeforeDeadline_eventWins() {
        ReplayHarness h = ReplayHarness.of("Race", APPROVAL_RACE);

        assertRunningWith(h.start(T0, null), timer(0, T0.plus(Duration.ofDays(1))));
        Instant t1 = T0.plus(HOUR);
        assertCompletedWith(h.step(t1, raised(t1, "Approval", true)), json("approved"));

        h.replayFromScratch(t1.plus(Duration.ofDays(2)));
    }

    @Test
    void anyOf_deadlineBeforeEvent_timerWins() {
        ReplayHarness h = ReplayHarness.of("Race", APPROVAL_RACE);
        h.start(T0, null);
        Instant t1 = T0.plus(Duration.ofDays(1));

        assertCompletedWith(h.step(t1, fired(t1, 0, t1), raised(t1, "Approval", true)), json("escalated"));

        h.replayFromScratch(t1.plusSeconds(1));
    }

    @Test
    void anyOf_eventAndTimerInSameBatchEventFirst_eventWins() {
        ReplayHarness h = ReplayHarness.of("Race", APPROVAL_RACE);
        h.start(T0, null);
        Instant t1 = T0.plus(Duration.ofDays(1));

        assertCompletedWith(h.step(t1, raised(t1, "Approval", false), fired(t1, 0, t1)), json("rejected"));

        h.replayFromScratch(t1.plusSeconds(1));
    }

    @Test
    void anyOf_failedActivityWins_awaitingTheWinnerThrows() {
        OrchestratorFunction fn = ctx -> {
            Task<String> work = ctx.callActivity("Risky", null, String.class);
            Task<?> winner = ctx.anyOf(work, ctx.createTimer(HOUR)).await();
            try {
                return winner == work ? work.await() : "timeout";
            } catch (TaskFailedException e) {
                return "winner failed: " + e.getFailureDetails().errorMessage() + ", isFailed=" + work.isFailed();
            }
        };
        ReplayHarness h = ReplayHarness.of("FailFirst", fn);
        h.start(T0, null);
        Instant t1 = T0.plusSeconds(5);

        ReplayResult r = h.step(t1, ReplayHarness.failed(t1, 0, "java.lang.RuntimeException", "nope"));

        assertCompletedWith(r, json("winner failed: nope, isFailed=true"));
        h.replayFromScratch(t1.plusSeconds(1));
    }

    @Test
    void anyOf_activityAgainstTimer_activityWinsAndOutputUsesItsResult() {
        OrchestratorFunction fn = ctx -> {
            Task<String> work = ctx.callActivity("Slow", "job", String.class);
            Task<Void> deadline = ctx.createTimer(Duration.ofMinutes(30));
            return ctx.anyOf(work, deadline).await() == work ? work.await() : "too slow";
        };
        ReplayHarness h = ReplayHarness.of("Deadline", fn);

        assertRunningWith(h.start(T0, null), schedule(0, "Slow", "job"), timer(1, T0.plus(Duration.ofMinutes(30))));
        Instant t1 = T0.plus(Duration.ofMinutes(29));
        assertCompletedWith(h.step(t1, completed(t1, 0, "done")), json("done"));
        h.replayFromScratch(t1.plus(HOUR));
    }
}
