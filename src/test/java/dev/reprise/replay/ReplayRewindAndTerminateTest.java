package dev.reprise.replay;

import dev.reprise.api.FailureDetails;
import dev.reprise.api.HistoryEvent;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.Task;
import dev.reprise.api.TaskFailedException;
import dev.reprise.history.OrchestratorAction;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.reprise.replay.ReplayHarness.T0;
import static dev.reprise.replay.ReplayHarness.actionsOf;
import static dev.reprise.replay.ReplayHarness.assertCompletedWith;
import static dev.reprise.replay.ReplayHarness.assertRunningWith;
import static dev.reprise.replay.ReplayHarness.completed;
import static dev.reprise.replay.ReplayHarness.failed;
import static dev.reprise.replay.ReplayHarness.json;
import static dev.reprise.replay.ReplayHarness.schedule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rewind ({@link Rewind}) and recursive termination, on hand-built histories: no database. */
class ReplayRewindAndTerminateTest {

    private static final Instant T1 = T0.plusSeconds(1);
    private static final Instant T2 = T0.plusSeconds(2);
    private static final Instant T3 = T0.plusSeconds(3);
    private static final Instant T4 = T0.plusSeconds(4);
    private static final Instant T5 = T0.plusSeconds(5);
    private static final Instant T6 = T0.plusSeconds(6);

    private static final OrchestratorFunction CHAIN = ctx -> {
        String a = ctx.callActivity("A", "in", String.class).await();
        String b = ctx.callActivity("B", a, String.class).await();
        return ctx.callActivity("C", b, String.class).await();
    };

    private static final OrchestratorFunction FAN_OUT = ctx -> {
        List<Task<Integer>> parts = List.of(ctx.callActivity("Part", 1, Integer.class),
                ctx.callActivity("Part", 2, Integer.class), ctx.callActivity("Part", 3, Integer.class));
        return ctx.allOf(parts).await().stream().mapToInt(Integer::intValue).sum();
    };

    /** Handles B's failure with C, then fails for good when D fails. */
    private static final OrchestratorFunction HANDLES_THEN_FAILS = ctx -> {
        try {
            ctx.callActivity("B", null, String.class).await();
        } catch (TaskFailedException e) {
            ctx.callActivity("C", null, String.class).await();
        }
        return ctx.callActivity("D", null, String.class).await();
    };

    private static final OrchestratorFunction PARENT_OF_THREE = ctx -> {
        List<Task<String>> children = List.of(ctx.callSubOrchestrator("Child", 1, String.class),
                ctx.callSubOrchestrator("Child", 2, String.class), ctx.callSubOrchestrator("Child", 3, String.class));
        return ctx.allOf(children).await();
    };

    private static long scheduled(ReplayHarness h, String name) {
        return h.history().stream().filter(e -> e instanceof HistoryEvent.TaskScheduled s && s.name().equals(name))
                .count();
    }

    @Test
    void rewind_failedActivityNowSucceeds_completesWithoutSchedulingTheSucceededOnesAgain() {
        ReplayHarness h = ReplayHarness.of("Chain", CHAIN);
        h.start(T0, null);
        h.step(T1, completed(T1, 0, "a"));
        assertThat(h.step(T2, failed(T2, 1, "java.io.IOException", "down")).status())
                .isEqualTo(OrchestrationRuntimeStatus.Failed);

        Rewind plan = h.rewind(T3, "fixed");

        assertThat(plan.tasksToRun()).extracting(HistoryEvent.TaskScheduled::name).containsExactly("B");
        assertThat(plan.redeliver()).containsExactly(new HistoryEvent.ExecutionRewound(T3, "fixed"));
        assertRunningWith(h.last());
        assertRunningWith(h.step(T4, completed(T4, 1, "b")), schedule(2, "C", "b"));
        assertCompletedWith(h.step(T5, completed(T5, 2, "c")), json("c"));
        assertThat(scheduled(h, "A")).as("A ran once in total").isEqualTo(1);
        assertThat(scheduled(h, "B")).isEqualTo(1);
        h.replayFromScratch(T6);
    }

    @Test
    void rewind_fanOutWithOneFailure_runsTheFailedAndTheUnfinishedPartsAgainOnly() {
        ReplayHarness h = ReplayHarness.of("FanOut", FAN_OUT);
        h.start(T0, null);
        h.step(T1, completed(T1, 0, 1));
        h.step(T2, completed(T2, 2, 3), failed(T2, 1, "java.io.IOException", "down"));

        Rewind plan = h.rewind(T3, null);

        assertThat(plan.tasksToRun()).extracting(HistoryEvent.TaskScheduled::taskId).containsExactly(1);
        assertThat(plan.redeliver()).containsExactly(new HistoryEvent.ExecutionRewound(T3, null),
                completed(T2, 2, 3));
        assertRunningWith(h.last());
        assertCompletedWith(h.step(T4, completed(T4, 1, 2)), json(6));
        h.replayFromScratch(T5);
    }

    @Test
    void rewind_failureHandledInAnEarlierStep_staysHandledAndOnlyTheFinalFailureRunsAgain() {
        ReplayHarness h = ReplayHarness.of("Handles", HANDLES_THEN_FAILS);
        h.start(T0, null);
        h.step(T1, failed(T1, 0, "java.io.IOException", "B down"));
        h.step(T2, completed(T2, 1, "compensated"));
        h.step(T3, failed(T3, 2, "java.io.IOException", "D down"));

        Rewind plan = h.rewind(T4, null);

        assertThat(plan.tasksToRun()).extracting(HistoryEvent.TaskScheduled::name).containsExactly("D");
        assertCompletedWith(h.step(T5, completed(T5, 2, "d")), json("d"));
        assertThat(scheduled(h, "C")).isEqualTo(1);
        h.replayFromScratch(T6);
    }

    @Test
    void rewind_failedChild_isPendingAndItsFailureIsNotDeliveredAgain() {
        ReplayHarness h = ReplayHarness.of("Parent", "p", PARENT_OF_THREE);
        h.start(T0, null);
        h.step(T1, new HistoryEvent.SubOrchestrationInstanceCompleted(T1, 0, json("one")));
        h.step(T2, new HistoryEvent.SubOrchestrationInstanceCompleted(T2, 2, json("three")),
                new HistoryEvent.SubOrchestrationInstanceFailed(T2, 1, FailureDetails.of("X", "child broke", false)));
        assertThat(h.last().status()).isEqualTo(OrchestrationRuntimeStatus.Failed);

        Rewind plan = h.rewind(T3, null);

        assertThat(plan.pendingChildren()).extracting(HistoryEvent.SubOrchestrationInstanceCreated::instanceId)
                .containsExactly("p:1");
        assertThat(plan.redeliver()).noneMatch(e -> e instanceof HistoryEvent.SubOrchestrationInstanceFailed);
        assertThat(actionsOf(h.last(), OrchestratorAction.CreateSubOrchestration.class)).isEmpty();
        assertRunningWith(h.last());
        assertCompletedWith(h.step(T4, new HistoryEvent.SubOrchestrationInstanceCompleted(T4, 1, json("two"))),
                json(List.of("one", "two", "three")));
        h.replayFromScratch(T5);
    }

    @Test
    void rewind_instanceThatKeepsFailing_historyDoesNotGrowWithEachRewind() {
        ReplayHarness h = ReplayHarness.of("Chain", CHAIN);
        h.start(T0, null);
        h.step(T1, failed(T1, 0, "java.io.IOException", "down"));
        int failedSize = h.history().size();

        for (int i = 0; i < 3; i++) {
            h.rewind(T2.plusSeconds(i), "again " + i);
            h.step(T3.plusSeconds(i), failed(T3.plusSeconds(i), 0, "java.io.IOException", "still down"));
            assertThat(h.last().status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        }

        assertThat(h.history()).filteredOn(e -> e instanceof HistoryEvent.ExecutionRewound).hasSize(1);
        assertThat(h.history().size()).isLessThanOrEqualTo(failedSize + 4);
        h.replayFromScratch(T6);
    }

    @Test
    void rewind_historyNotFailed_isRefused() {
        ReplayHarness h = ReplayHarness.of("Chain", CHAIN);
        h.start(T0, null);

        assertThatThrownBy(() -> Rewind.of(h.history(), new HistoryEvent.ExecutionRewound(T1, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only a Failed");
    }

    @Test
    void rewind_failedInsideACriticalSection_namesTheLocksItHeld() {
        List<String> entities = List.of("@account@a", "@account@b");
        List<HistoryEvent> held = List.of(new HistoryEvent.OrchestratorStarted(T0),
                new HistoryEvent.ExecutionStarted(T0, "Transfer", "t", "e", null, null, -1),
                new HistoryEvent.EntityLockRequested(T0, 0, entities), new HistoryEvent.OrchestratorCompleted(T0),
                new HistoryEvent.OrchestratorStarted(T1), new HistoryEvent.EntityLockGranted(T1, 0),
                new HistoryEvent.TaskScheduled(T1, 1, "Move", null), new HistoryEvent.OrchestratorCompleted(T1),
                new HistoryEvent.OrchestratorStarted(T2), failed(T2, 1, "X", "down"),
                new HistoryEvent.ExecutionCompleted(T2, OrchestrationRuntimeStatus.Failed, null,
                        FailureDetails.of("X", "down", false)), new HistoryEvent.OrchestratorCompleted(T2));
        List<HistoryEvent> released = new java.util.ArrayList<>(held);
        released.add(7, new HistoryEvent.EntityUnlockSent(T1, 2, entities));

        assertThat(Rewind.of(held, new HistoryEvent.ExecutionRewound(T3, null)).heldLocks())
                .containsExactlyElementsOf(entities);
        assertThat(Rewind.of(released, new HistoryEvent.ExecutionRewound(T3, null)).heldLocks()).isEmpty();
    }

    @Test
    void terminate_recursive_terminatesEveryChildStillAwaited() {
        ReplayHarness h = ReplayHarness.of("Parent", "p", PARENT_OF_THREE);
        h.start(T0, null);
        h.step(T1, new HistoryEvent.SubOrchestrationInstanceCompleted(T1, 0, json("one")));

        ReplayResult r = h.step(T2, new HistoryEvent.ExecutionTerminated(T2, "stop"));

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Terminated);
        assertThat(actionsOf(r, OrchestratorAction.TerminateSubOrchestration.class)).containsExactly(
                new OrchestratorAction.TerminateSubOrchestration(1, "p:1", "stop"),
                new OrchestratorAction.TerminateSubOrchestration(2, "p:2", "stop"));
    }

    @Test
    void terminate_notRecursive_leavesTheChildrenRunning() {
        ReplayHarness h = ReplayHarness.of("Parent", "p", PARENT_OF_THREE);
        h.start(T0, null);

        ReplayResult r = h.step(T1, new HistoryEvent.ExecutionTerminated(T1, "stop", false));

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Terminated);
        assertThat(actionsOf(r, OrchestratorAction.TerminateSubOrchestration.class)).isEmpty();
    }
}
