package dev.reprise.replay;

import dev.reprise.api.CriticalSection;
import dev.reprise.api.EntityInstanceId;
import dev.reprise.api.FailureDetails;
import dev.reprise.api.HistoryEvent;
import dev.reprise.api.LockingRulesViolationException;
import dev.reprise.api.NonDeterministicOrchestrationException;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.TaskCanceledException;
import dev.reprise.api.TaskFailedException;
import dev.reprise.history.OrchestratorAction;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.reprise.replay.ReplayHarness.T0;
import static dev.reprise.replay.ReplayHarness.actionsOf;
import static dev.reprise.replay.ReplayHarness.assertCompletedWith;
import static dev.reprise.replay.ReplayHarness.assertRunningWith;
import static dev.reprise.replay.ReplayHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

/** callEntity, signalEntity and critical sections in the pure replay core, against hand-built histories. */
class ReplayEntitiesTest {

    private static final EntityInstanceId A = EntityInstanceId.of("Account", "a");
    private static final EntityInstanceId B = EntityInstanceId.of("Account", "b");
    private static final EntityInstanceId COUNTER = EntityInstanceId.of("Counter", "c");
    private static final Instant T1 = T0.plusSeconds(1);
    private static final Instant T2 = T0.plusSeconds(2);
    private static final Instant T3 = T0.plusSeconds(3);

    private static OrchestratorAction.CallEntity call(int taskId, EntityInstanceId id, String op, Object input) {
        return new OrchestratorAction.CallEntity(taskId, id.toString(), op, json(input));
    }

    private static HistoryEvent.EntityOperationCompleted result(Instant t, int taskId, Object value) {
        return new HistoryEvent.EntityOperationCompleted(t, taskId, json(value));
    }

    private static HistoryEvent.EntityLockGranted granted(Instant t, int taskId) {
        return new HistoryEvent.EntityLockGranted(t, taskId);
    }

    @Test
    void callEntity_resultArrives_completesWithItAndReplaysTheSame() {
        ReplayHarness h = ReplayHarness.of("AddThenGet", ctx -> {
            ctx.callEntity(COUNTER, "add", 5, Void.class).await();
            return ctx.callEntity(COUNTER, "get", null, Integer.class).await();
        });

        ReplayResult r1 = h.start(T0, null);
        assertRunningWith(r1, call(0, COUNTER, "add", 5));
        assertThat(r1.newHistory()).contains(new HistoryEvent.EntityOperationCalled(T0, 0, "@counter@c", "add",
                "5"));
        assertRunningWith(h.step(T1, result(T1, 0, null)), call(1, COUNTER, "get", null));
        assertCompletedWith(h.step(T2, result(T2, 1, 5)), "5");

        h.replayFromScratch(T3);
    }

    @Test
    void callEntity_operationFailed_throwsTaskFailedExceptionWithItsDetails() {
        ReplayHarness h = ReplayHarness.of("Overdraw", ctx -> {
            try {
                ctx.callEntity(A, "withdraw", 100, Void.class).await();
                return "withdrawn";
            } catch (TaskFailedException e) {
                return "refused: " + e.getFailureDetails().errorMessage();
            }
        });
        h.start(T0, null);
        ReplayResult r = h.step(T1, new HistoryEvent.EntityOperationFailed(T1, 0,
                FailureDetails.of("java.lang.IllegalStateException", "balance 20 is less than 100", false)));

        assertCompletedWith(r, json("refused: balance 20 is less than 100"));
        h.replayFromScratch(T2);
    }

    @Test
    void callEntity_timeoutPassesFirst_taskIsCanceledAndTheLateResultIsIgnored() {
        ReplayHarness h = ReplayHarness.of("Impatient", ctx -> {
            try {
                return ctx.callEntity(COUNTER, "get", null, Duration.ofSeconds(10), Integer.class).await();
            } catch (TaskCanceledException e) {
                return -1;
            }
        });
        ReplayResult r1 = h.start(T0, null);
        assertRunningWith(r1, call(0, COUNTER, "get", null),
                new OrchestratorAction.CreateTimer(1, T0.plusSeconds(10)));

        ReplayResult r2 = h.step(T0.plusSeconds(10), new HistoryEvent.TimerFired(T0.plusSeconds(10), 1,
                T0.plusSeconds(10)), result(T0.plusSeconds(10), 0, 7));

        assertCompletedWith(r2, "-1");
        h.replayFromScratch(T3.plusSeconds(60));
    }

    @Test
    void signalEntity_recordsItsActionAndNothingWaitsForIt() {
        Instant later = T0.plus(Duration.ofHours(1));
        ReplayHarness h = ReplayHarness.of("Fire", ctx -> {
            ctx.signalEntity(COUNTER, "add", 1);
            ctx.signalEntity(COUNTER, "reset", null, later);
            return "sent";
        });

        ReplayResult r = h.start(T0, null);

        assertCompletedWith(r, json("sent"));
        assertThat(actionsOf(r, OrchestratorAction.SignalEntity.class)).containsExactly(
                new OrchestratorAction.SignalEntity(0, "@counter@c", "add", "1", null),
                new OrchestratorAction.SignalEntity(1, "@counter@c", "reset", null, later));
        assertThat(r.newHistory()).contains(new HistoryEvent.EntityOperationSignaled(T0, 1, "@counter@c", "reset",
                null, later));
        h.replayFromScratch(T1);
    }

    /** A transfer: lock both accounts (in global order), check, move, close. */
    private static final OrchestratorFunction TRANSFER = ctx -> {
        List<String> seen = new ArrayList<>();
        seen.add("before:" + ctx.isInCriticalSection());
        try (CriticalSection section = ctx.lockEntities(B, A, B).await()) {
            seen.add("inside:" + ctx.isInCriticalSection() + ":" + ctx.getLockedEntities());
            int balance = ctx.callEntity(B, "get", null, Integer.class).await();
            if (balance >= 30) {
                ctx.callEntity(B, "withdraw", 30, Void.class).await();
                ctx.callEntity(A, "deposit", 30, Void.class).await();
            }
            seen.add("moved:" + (balance >= 30));
            assertThat(section.getLockedEntities()).containsExactly(A, B);
        }
        seen.add("after:" + ctx.isInCriticalSection() + ":" + ctx.getLockedEntities());
        return seen;
    };

    @Test
    void lockEntities_grantedSection_callsOnlyLockedEntitiesAndCloseReleasesThem() {
        ReplayHarness h = ReplayHarness.of("Transfer", TRANSFER);

        ReplayResult r1 = h.start(T0, null);
        assertRunningWith(r1, new OrchestratorAction.LockEntities(0, List.of("@account@a", "@account@b")));
        assertThat(r1.newHistory()).contains(new HistoryEvent.EntityLockRequested(T0, 0,
                List.of("@account@a", "@account@b")));

        // Waiting for a result inside the section unwinds the code: the try-with-resources must not release.
        ReplayResult r2 = h.step(T1, granted(T1, 0));
        assertRunningWith(r2, call(1, B, "get", null));
        assertRunningWith(h.step(T2, result(T2, 1, 50)), call(2, B, "withdraw", 30));
        assertRunningWith(h.step(T2, result(T2, 2, null)), call(3, A, "deposit", 30));
        ReplayResult last = h.step(T3, result(T3, 3, null));

        assertThat(actionsOf(last, OrchestratorAction.UnlockEntities.class)).containsExactly(
                new OrchestratorAction.UnlockEntities(4, List.of("@account@a", "@account@b")));
        assertCompletedWith(last, json(List.of("before:false", "inside:true:[@account@a, @account@b]", "moved:true",
                "after:false:[]")));
        h.replayFromScratch(T3.plusSeconds(1));
    }

    @Test
    void lockEntities_whileHoldingASection_failsWithLockingRulesViolation() {
        ReplayHarness h = ReplayHarness.of("Nested", ctx -> {
            try (CriticalSection outer = ctx.lockEntities(A).await()) {
                ctx.lockEntities(B);
                return "nested";
            }
        });
        h.start(T0, null);

        ReplayResult r = h.step(T1, granted(T1, 0));

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(r.failure().errorType()).isEqualTo(LockingRulesViolationException.class.getName());
        assertThat(r.failure().errorMessage()).contains("critical sections do not nest");
        // A failed step asks for nothing but its end: the store releases the held locks with that end.
        assertThat(r.actions()).allMatch(a -> a instanceof OrchestratorAction.CompleteOrchestration);
        h.replayFromScratch(T2);
    }

    @Test
    void lockEntities_whileARequestWaits_failsWithLockingRulesViolation() {
        ReplayHarness h = ReplayHarness.of("Twice", ctx -> {
            ctx.lockEntities(A);
            ctx.lockEntities(B);
            return "twice";
        });

        ReplayResult r = h.start(T0, null);

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(r.failure().errorMessage()).contains("waits for a critical section on [@account@a]");
    }

    @Test
    void callEntity_notLockedInsideSection_failsBeforeAnythingIsScheduled() {
        ReplayHarness h = ReplayHarness.of("Stray", ctx -> {
            try (CriticalSection section = ctx.lockEntities(A).await()) {
                try {
                    ctx.callEntity(COUNTER, "add", 1, Void.class);
                    return "called";
                } catch (LockingRulesViolationException e) {
                    return "refused";
                }
            }
        });
        h.start(T0, null);

        ReplayResult r = h.step(T1, granted(T1, 0));

        assertCompletedWith(r, json("refused"));
        assertThat(actionsOf(r, OrchestratorAction.CallEntity.class)).isEmpty();
        assertThat(actionsOf(r, OrchestratorAction.UnlockEntities.class)).containsExactly(
                new OrchestratorAction.UnlockEntities(1, List.of("@account@a")));
        h.replayFromScratch(T2);
    }

    @Test
    void lockEntities_empty_throwsIllegalArgument() {
        ReplayResult r = ReplayHarness.of("Nothing", ctx -> ctx.lockEntities(List.of())).start(T0, null);

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(r.failure().errorType()).isEqualTo(IllegalArgumentException.class.getName());
    }

    @Test
    void replay_codeCallsAnotherOperationThanHistoryRecorded_failsAsNonDeterministic() {
        ReplayHarness first = ReplayHarness.of("Changed", ctx -> ctx.callEntity(COUNTER, "add", 1, Void.class)
                .await());
        first.start(T0, null);
        List<HistoryEvent> history = first.history();

        ReplayResult r = new ReplayEngine(ReplayHarness.CONVERTER).execute(
                ctx -> ctx.callEntity(COUNTER, "reset", null, Void.class).await(), history,
                List.of(new HistoryEvent.OrchestratorStarted(T1), result(T1, 0, null)));

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(r.failure().errorType()).isEqualTo(NonDeterministicOrchestrationException.class.getName());
        assertThat(r.failure().errorMessage()).contains("EntityOperationCalled #0 'add on @counter@c'")
                .contains("'reset on @counter@c'");
    }

    @Test
    void suspended_entityResultIsHeldUntilResume() {
        ReplayHarness h = ReplayHarness.of("Held", ctx -> ctx.callEntity(COUNTER, "get", null, Integer.class)
                .await());
        h.start(T0, null);

        ReplayResult suspended = h.step(T1, new HistoryEvent.ExecutionSuspended(T1, "wait"), result(T1, 0, 3));
        assertThat(suspended.status()).isEqualTo(OrchestrationRuntimeStatus.Suspended);

        assertCompletedWith(h.step(T2, new HistoryEvent.ExecutionResumed(T2, "go")), "3");
        h.replayFromScratch(T3);
    }
}
