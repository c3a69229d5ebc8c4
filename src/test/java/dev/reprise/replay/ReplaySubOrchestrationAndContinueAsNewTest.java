package dev.reprise.replay;

import dev.reprise.api.FailureDetails;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.RetryPolicy;
import dev.reprise.api.TaskFailedException;
import dev.reprise.api.TaskOptions;
import dev.reprise.api.HistoryEvent;
import dev.reprise.history.OrchestratorAction;
import dev.reprise.history.OrchestratorAction.CreateSubOrchestration;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.reprise.replay.ReplayHarness.T0;
import static dev.reprise.replay.ReplayHarness.assertCompletedWith;
import static dev.reprise.replay.ReplayHarness.assertRunningWith;
import static dev.reprise.replay.ReplayHarness.completed;
import static dev.reprise.replay.ReplayHarness.completion;
import static dev.reprise.replay.ReplayHarness.fired;
import static dev.reprise.replay.ReplayHarness.json;
import static dev.reprise.replay.ReplayHarness.raised;
import static dev.reprise.replay.ReplayHarness.schedule;
import static dev.reprise.replay.ReplayHarness.timer;
import static org.assertj.core.api.Assertions.assertThat;

class ReplaySubOrchestrationAndContinueAsNewTest {

    private static final Instant T1 = T0.plusSeconds(1);
    private static final Instant T2 = T0.plusSeconds(2);
    private static final Instant T3 = T0.plusSeconds(3);

    /** Prepares with an activity, then delegates to a child orchestration. */
    private static final OrchestratorFunction PARENT = ctx -> {
        String prepared = ctx.callActivity("Prepare", ctx.getInput(String.class), String.class).await();
        try {
            return "child said " + ctx.callSubOrchestrator("Child", prepared, String.class).await();
        } catch (TaskFailedException e) {
            return "child " + e.getTaskName() + " failed: " + e.getFailureDetails().errorMessage();
        }
    };

    private static HistoryEvent childCompleted(Instant t, int taskId, Object result) {
        return new HistoryEvent.SubOrchestrationInstanceCompleted(t, taskId, json(result));
    }

    private static HistoryEvent childFailed(Instant t, int taskId, String message) {
        return new HistoryEvent.SubOrchestrationInstanceFailed(t, taskId,
                FailureDetails.of("java.lang.IllegalStateException", message, false));
    }

    // ---- sub-orchestrations ----

    @Test
    void callSubOrchestrator_noInstanceId_createsChildWithDeterministicIdParentColonTaskId() {
        ReplayHarness h = ReplayHarness.of("Parent", "order-7", PARENT);
        h.start(T0, "raw");

        ReplayResult r = h.step(T1, completed(T1, 0, "prepared"));

        assertRunningWith(r, new CreateSubOrchestration(1, "Child", "order-7:1", json("prepared")));
        assertThat(r.newHistory()).contains(
                new HistoryEvent.SubOrchestrationInstanceCreated(T1, 1, "Child", "order-7:1", json("prepared")));
    }

    @Test
    void callSubOrchestrator_childCompletes_parentCompletesWithChildOutput() {
        ReplayHarness h = ReplayHarness.of("Parent", "order-7", PARENT);
        h.start(T0, "raw");
        h.step(T1, completed(T1, 0, "prepared"));

        assertCompletedWith(h.step(T2, childCompleted(T2, 1, "hi")), json("child said hi"));

        h.replayFromScratch(T3);
    }

    @Test
    void callSubOrchestrator_childFails_taskFailedExceptionCarriesChildFailure() {
        ReplayHarness h = ReplayHarness.of("Parent", "order-7", PARENT);
        h.start(T0, "raw");
        h.step(T1, completed(T1, 0, "prepared"));

        assertCompletedWith(h.step(T2, childFailed(T2, 1, "out of stock")), json("child Child failed: out of stock"));

        h.replayFromScratch(T3);
    }

    @Test
    void callSubOrchestrator_childFailsUncaught_parentFailsWithInnerChildFailure() {
        ReplayHarness h = ReplayHarness.of("Parent",
                ctx -> ctx.callSubOrchestrator("Child", null, String.class).await());
        assertRunningWith(h.start(T0, null), new CreateSubOrchestration(0, "Child", "inst-1:0", null));

        ReplayResult r = h.step(T1, childFailed(T1, 0, "boom"));

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(r.failure().errorType()).isEqualTo(TaskFailedException.class.getName());
        assertThat(r.failure().innerFailure().errorMessage()).isEqualTo("boom");
        h.replayFromScratch(T2);
    }

    @Test
    void callSubOrchestrator_explicitInstanceId_isUsedAsIs() {
        ReplayHarness h = ReplayHarness.of("Parent", ctx -> ctx.callSubOrchestrator("Child", 5, "my-child",
                TaskOptions.none(), Integer.class).await());

        assertRunningWith(h.start(T0, null), new CreateSubOrchestration(0, "Child", "my-child", "5"));
        assertCompletedWith(h.step(T1, childCompleted(T1, 0, 6)), "6");
        h.replayFromScratch(T2);
    }

    @Test
    void callSubOrchestrator_withRetry_eachAttemptGetsItsOwnDeterministicChildId() {
        ReplayHarness h = ReplayHarness.of("Parent", "p", ctx -> ctx.callSubOrchestrator("Child", null, null,
                TaskOptions.withRetryPolicy(RetryPolicy.of(2, Duration.ofMinutes(1))), String.class).await());
        assertRunningWith(h.start(T0, null), new CreateSubOrchestration(0, "Child", "p:0", null));

        assertRunningWith(h.step(T1, childFailed(T1, 0, "first")), timer(1, T1.plus(Duration.ofMinutes(1))));
        Instant w = T1.plus(Duration.ofMinutes(1));
        assertRunningWith(h.step(w, fired(w, 1, w)), new CreateSubOrchestration(2, "Child", "p:2", null));
        assertCompletedWith(h.step(w.plusSeconds(1), childCompleted(w, 2, "ok")), json("ok"));

        h.replayFromScratch(w.plusSeconds(2));
    }

    // ---- continue-as-new ----

    /** An eternal counter: waits a minute per round and restarts itself until round 3. */
    private static final OrchestratorFunction COUNTER = ctx -> {
        int round = ctx.getInput(Integer.class);
        ctx.createTimer(Duration.ofMinutes(1)).await();
        if (round < 3) {
            ctx.continueAsNew(round + 1);
            return null;
        }
        return "finished after round " + round;
    };

    @Test
    void continueAsNew_requested_statusContinuedAsNewWithNewInputAsOutput() {
        ReplayHarness h = ReplayHarness.of("Counter", COUNTER);
        h.start(T0, 1);
        Instant t1 = T0.plus(Duration.ofMinutes(1));

        ReplayResult r = h.step(t1, fired(t1, 0, t1));

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.ContinuedAsNew);
        assertThat(r.output()).isEqualTo("2");
        assertThat(r.failure()).isNull();
        assertThat(r.actions()).containsExactly(new OrchestratorAction.CompleteOrchestration(
                OrchestrationRuntimeStatus.ContinuedAsNew, "2", null, List.of()));
        assertThat(r.newHistory()).contains(new HistoryEvent.ContinueAsNew(t1, "2"));
        h.replayFromScratch(t1.plusSeconds(1));
    }

    @Test
    void continueAsNew_chainOfExecutions_eachStartsFromPreviousOutputUntilCompletion() {
        Instant t = T0;
        String input = "1";
        ReplayResult r = null;
        for (int round = 1; round <= 3; round++) {
            ReplayHarness h = ReplayHarness.of("Counter", COUNTER);
            assertRunningWith(h.start(t, ReplayHarness.CONVERTER.deserialize(input, Integer.class)),
                    timer(0, t.plus(Duration.ofMinutes(1))));
            t = t.plus(Duration.ofMinutes(1));
            r = h.step(t, fired(t, 0, t));
            h.replayFromScratch(t.plusSeconds(1));
            input = r.output();
        }

        assertCompletedWith(r, json("finished after round 3"));
    }

    /** Handles one command per execution, then continues as new, optionally keeping unhandled events. */
    private static OrchestratorFunction commandLoop(boolean preserve) {
        return ctx -> {
            int handled = ctx.getInput(Integer.class);
            String cmd = ctx.waitForExternalEvent("cmd", String.class).await();
            ctx.setCustomStatus("last: " + cmd);
            ctx.continueAsNew(handled + 1, preserve);
            return null;
        };
    }

    @Test
    void continueAsNew_preserveUnprocessedEvents_carriesUnconsumedEventsInArrivalOrder() {
        ReplayHarness h = ReplayHarness.of("Loop", commandLoop(true));
        h.start(T0, 0);

        ReplayResult r = h.step(T1, raised(T1, "cmd", "a"), raised(T1, "other", "x"), raised(T1, "cmd", "b"));

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.ContinuedAsNew);
        assertThat(completion(r).carryoverEvents()).containsExactly(
                new HistoryEvent.EventRaised(T1, "other", json("x")),
                new HistoryEvent.EventRaised(T1, "cmd", json("b")));
        assertThat(r.customStatus()).isEqualTo(json("last: a"));
        h.replayFromScratch(T2);

        // The next execution receives the carried events with its ExecutionStarted and handles "b" at once.
        ReplayHarness next = ReplayHarness.of("Loop", commandLoop(true));
        ReplayResult n = next.start(T2, 1, completion(r).carryoverEvents().toArray(HistoryEvent[]::new));
        assertThat(n.status()).isEqualTo(OrchestrationRuntimeStatus.ContinuedAsNew);
        assertThat(n.output()).isEqualTo("2");
        assertThat(n.customStatus()).isEqualTo(json("last: b"));
        assertThat(completion(n).carryoverEvents()).containsExactly(
                new HistoryEvent.EventRaised(T1, "other", json("x")));
        next.replayFromScratch(T3);
    }

    @Test
    void continueAsNew_preserveWithEventsHeldWhileSuspended_carriesThemAfterBufferedOnes() {
        ReplayHarness h = ReplayHarness.of("Loop", commandLoop(true));
        h.start(T0, 0);

        ReplayResult r = h.step(T1, raised(T1, "cmd", "a"), raised(T1, "cmd", "b"),
                new HistoryEvent.ExecutionSuspended(T1, null), raised(T1, "cmd", "c"));

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.ContinuedAsNew);
        assertThat(completion(r).carryoverEvents()).extracting(HistoryEvent.EventRaised::input)
                .containsExactly(json("b"), json("c"));
        h.replayFromScratch(T2);
    }

    @Test
    void continueAsNew_withoutPreserve_dropsUnconsumedEvents() {
        ReplayHarness h = ReplayHarness.of("Loop", commandLoop(false));
        h.start(T0, 0);

        ReplayResult r = h.step(T1, raised(T1, "cmd", "a"), raised(T1, "cmd", "b"));

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.ContinuedAsNew);
        assertThat(completion(r).carryoverEvents()).isEmpty();
        h.replayFromScratch(T2);
    }

    @Test
    void continueAsNew_withFireAndForgetActivity_schedulesItBeforeCompleting() {
        ReplayHarness h = ReplayHarness.of("Notify", ctx -> {
            ctx.callActivity("Notify", "bye");
            ctx.continueAsNew("again");
            return null;
        });

        ReplayResult r = h.start(T0, "first");

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.ContinuedAsNew);
        assertThat(r.actions()).containsExactly(schedule(0, "Notify", "bye"),
                new OrchestratorAction.CompleteOrchestration(OrchestrationRuntimeStatus.ContinuedAsNew,
                        json("again"), null, List.of()));
        h.replayFromScratch(T1);
    }
}
