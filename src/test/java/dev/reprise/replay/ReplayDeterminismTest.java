package dev.reprise.replay;

import dev.reprise.api.NonDeterministicOrchestrationException;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.Task;
import dev.reprise.api.HistoryEvent;
import dev.reprise.history.OrchestratorAction;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static dev.reprise.replay.ReplayHarness.T0;
import static dev.reprise.replay.ReplayHarness.assertCompletedWith;
import static dev.reprise.replay.ReplayHarness.assertRunningWith;
import static dev.reprise.replay.ReplayHarness.completed;
import static dev.reprise.replay.ReplayHarness.fired;
import static dev.reprise.replay.ReplayHarness.json;
import static dev.reprise.replay.ReplayHarness.schedule;
import static dev.reprise.replay.ReplayHarness.timer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayDeterminismTest {

    private static final Instant T1 = T0.plusSeconds(1);
    private static final Instant T2 = T0.plusSeconds(2);
    private static final Instant T3 = T0.plusSeconds(3);
    private static final String NDE = NonDeterministicOrchestrationException.class.getName();

    /** The orchestrator "deployed" right now; swapping it between steps simulates a code change. */
    private final AtomicReference<OrchestratorFunction> deployed = new AtomicReference<>();

    private ReplayHarness harness(OrchestratorFunction firstVersion) {
        deployed.set(firstVersion);
        // A new deployment replays from scratch; a session would keep running the old code.
        return ReplayHarness.of("Versioned", ctx -> deployed.get().run(ctx)).withoutSessionCheck();
    }

    private static void assertNonDeterministic(ReplayResult r, String... fragments) {
        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(r.failure().errorType()).isEqualTo(NDE);
        assertThat(r.failure().nonRetriable()).as("replaying can never succeed").isTrue();
        assertThat(r.failure().errorMessage()).contains(fragments).contains("Versioned").contains("inst-1");
        assertThat(ReplayHarness.completion(r).failure().errorType()).isEqualTo(NDE);
        assertThat(ReplayHarness.actionsOf(r, OrchestratorAction.ScheduleTask.class)).isEmpty();
    }

    // ---- non-determinism detection ----

    @Test
    void nonDeterminism_historyHasActivityACodeCallsB_failsNamingExpectedAndActual() {
        ReplayHarness h = harness(ctx -> ctx.callActivity("A", null, String.class).await());
        h.start(T0, null);

        deployed.set(ctx -> ctx.callActivity("B", null, String.class).await());
        ReplayResult r = h.step(T1, completed(T1, 0, "a"));

        assertNonDeterministic(r, "history recorded TaskScheduled #0 'A'", "code asked for TaskScheduled #0 'B'");
        h.replayFromScratch(T2);
    }

    @Test
    void nonDeterminism_codeCreatesTimerWhereHistoryHasActivity_failsNamingBothKinds() {
        ReplayHarness h = harness(ctx -> ctx.callActivity("A", null, String.class).await());
        h.start(T0, null);

        deployed.set(ctx -> ctx.createTimer(Duration.ofMinutes(1)).await());
        ReplayResult r = h.step(T1, completed(T1, 0, "a"));

        assertNonDeterministic(r, "TaskScheduled #0 'A'", "TimerCreated #0 'timer'");
    }

    @Test
    void nonDeterminism_codeSwallowingEverythingWithCatchException_isStillFailed() {
        ReplayHarness h = harness(ctx -> ctx.callActivity("A", null, String.class).await());
        h.start(T0, null);

        deployed.set(ctx -> {
            try {
                return ctx.callActivity("B", null, String.class).await();
            } catch (Exception e) {
                try {
                    return ctx.callActivity("Fallback", null, String.class).await();
                } catch (Exception again) {
                    return "swallowed";
                }
            }
        });
        ReplayResult r = h.step(T1, completed(T1, 0, "a"));

        assertNonDeterministic(r, "'A'", "'B'");
        assertThat(r.output()).isNull();
    }

    @Test
    void nonDeterminism_codeReturnsWithoutSchedulingRecordedTask_failsAfterCompletion() {
        ReplayHarness h = harness(ctx -> ctx.callActivity("A", null, String.class).await());
        h.start(T0, null);

        deployed.set(ctx -> {
            try {
                return "shortcut";
            } catch (Exception e) {
                return "never";
            }
        });
        ReplayResult r = h.step(T1, completed(T1, 0, "a"));

        assertNonDeterministic(r, "TaskScheduled #0 'A'", "did not schedule task #0");
        assertThat(r.output()).isNull();
    }

    @Test
    void nonDeterminism_fireAndForgetCallRenamed_isDetectedWithoutAnyAwait() {
        ReplayHarness h = harness(ctx -> {
            ctx.callActivity("Notify", null);
            return ctx.createTimer(Duration.ofMinutes(1)).await();
        });
        h.start(T0, null);

        deployed.set(ctx -> {
            ctx.callActivity("NotifyV2", null);
            return ctx.createTimer(Duration.ofMinutes(1)).await();
        });
        ReplayResult r = h.step(T1, fired(T1, 1, T1));

        assertNonDeterministic(r, "'Notify'", "'NotifyV2'");
    }

    @Test
    void nonDeterminism_sameCodeDifferentInputOnly_isAccepted() {
        ReplayHarness h = harness(ctx -> ctx.callActivity("A", 1, String.class).await());
        h.start(T0, null);

        deployed.set(ctx -> ctx.callActivity("A", 2, String.class).await());

        assertCompletedWith(h.step(T1, completed(T1, 0, "a")), json("a"));
    }

    // ---- replay-aware context ----

    @Test
    void isReplaying_trueForRecordedPartFalseForNewPart() {
        List<List<Boolean>> perRun = new ArrayList<>();
        OrchestratorFunction fn = ctx -> {
            List<Boolean> seen = new ArrayList<>();
            perRun.add(seen);
            seen.add(ctx.isReplaying());
            ctx.callActivity("A", null).await();
            seen.add(ctx.isReplaying());
            ctx.callActivity("B", null).await();
            seen.add(ctx.isReplaying());
            return null;
        };
        ReplayHarness h = ReplayHarness.of("Replaying", fn).withoutSessionCheck(); // records each run
        h.start(T0, null);
        h.step(T1, completed(T1, 0, null));
        h.step(T2, completed(T2, 1, null));
        h.replayFromScratch(T3);

        assertThat(perRun.get(0)).containsExactly(false);
        assertThat(perRun.get(1)).containsExactly(true, false);
        assertThat(perRun.get(2)).containsExactly(true, true, false);
        assertThat(perRun.get(3)).containsExactly(true, true, true);
    }

    @Test
    void replaySafeLogger_disabledWhileReplayingEnabledAfter() {
        List<Boolean> enabled = new ArrayList<>();
        ReplayHarness h = ReplayHarness.of("Logging", ctx -> {
            Logger log = ctx.getReplaySafeLogger(ReplayDeterminismTest.class);
            enabled.add(log.isEnabled(Logger.Level.ERROR));
            ctx.callActivity("A", null).await();
            enabled.add(log.isEnabled(Logger.Level.ERROR));
            log.errorf("visible once: %s", ctx.getInstanceId());
            return null;
        }).withoutSessionCheck(); // records each run
        h.start(T0, null);
        h.step(T1, completed(T1, 0, null));

        assertThat(enabled).containsExactly(true, false, true);
    }

    @Test
    void newUUID_sameAcrossReplaysDistinctWithinRunAndPerInstance() {
        List<List<UUID>> perRun = new ArrayList<>();
        OrchestratorFunction fn = ctx -> {
            List<UUID> ids = new ArrayList<>(List.of(ctx.newUUID(), ctx.newUUID()));
            perRun.add(ids);
            ctx.callActivity("A", null).await();
            ids.add(ctx.newUUID());
            return ids;
        };
        ReplayHarness h = ReplayHarness.of("Ids", fn).withoutSessionCheck(); // counts the code's runs
        h.start(T0, null);
        h.step(T1, completed(T1, 0, null));
        h.replayFromScratch(T2);

        assertThat(perRun).hasSize(3);
        assertThat(perRun.get(1)).startsWith(perRun.get(0).toArray(UUID[]::new)).doesNotHaveDuplicates();
        assertThat(perRun.get(2)).isEqualTo(perRun.get(1));
        assertThat(h.last().output()).isEqualTo(json(perRun.get(1)));

        List<UUID> other = new ArrayList<>();
        ReplayHarness.of("Ids", "inst-2", ctx -> other.add(ctx.newUUID())).start(T0, null);
        assertThat(other.get(0)).isNotEqualTo(perRun.get(0).get(0));
    }

    // ---- duplicates and robustness ----

    @Test
    void duplicateTaskCompleted_sameBatchAndLaterStep_secondIsIgnored() {
        ReplayHarness h = ReplayHarness.of("Dupes", ctx -> {
            String a = ctx.callActivity("A", null, String.class).await();
            return a + ctx.callActivity("B", a, String.class).await();
        });
        h.start(T0, null);

        ReplayResult r = h.step(T1, completed(T1, 0, "first"), completed(T1, 0, "dup"));
        assertRunningWith(r, schedule(1, "B", "first"));
        assertRunningWith(h.step(T2, completed(T2, 0, "dup again")));

        assertCompletedWith(h.step(T3, completed(T3, 1, "+b"), completed(T3, 1, "+dup")), json("first+b"));
        h.replayFromScratch(T3.plusSeconds(1));
    }

    @Test
    void duplicateTimerFired_isIgnored() {
        ReplayHarness h = ReplayHarness.of("DupTimer", ctx -> {
            ctx.createTimer(Duration.ofMinutes(1)).await();
            ctx.createTimer(Duration.ofMinutes(1)).await();
            return "two timers";
        });
        assertRunningWith(h.start(T0, null), timer(0, T0.plus(Duration.ofMinutes(1))));
        Instant t1 = T0.plus(Duration.ofMinutes(1));

        assertRunningWith(h.step(t1, fired(t1, 0, t1), fired(t1, 0, t1)), timer(1, t1.plus(Duration.ofMinutes(1))));
        Instant t2 = t1.plus(Duration.ofMinutes(1));
        assertCompletedWith(h.step(t2, fired(t2, 0, t1), fired(t2, 1, t2)), json("two timers"));
        h.replayFromScratch(t2.plusSeconds(1));
    }

    @Test
    void execute_newEventsNotStartingWithOrchestratorStarted_isRejected() {
        ReplayEngine engine = new ReplayEngine(ReplayHarness.CONVERTER);
        HistoryEvent started = new HistoryEvent.ExecutionStarted(T0, "X", "i", "e", null, null, -1);

        assertThatThrownBy(() -> engine.execute(ctx -> null, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OrchestratorStarted");
        assertThatThrownBy(() -> engine.execute(ctx -> null, List.of(), List.of(started)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OrchestratorStarted");
        assertThatThrownBy(() -> engine.execute(ctx -> null, List.of(),
                List.of(new HistoryEvent.OrchestratorStarted(T0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ExecutionStarted");
    }

    @Test
    void allOf_taskFromAnotherOrchestration_failsWithIllegalArgument() {
        List<Task<String>> foreign = new ArrayList<>();
        ReplayHarness.of("Other", ctx -> foreign.add(ctx.callActivity("X", null, String.class))).start(T0, null);

        ReplayResult r = ReplayHarness.of("Mixer", ctx -> ctx.allOf(foreign).await()).start(T0, null);

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(r.failure().errorType()).isEqualTo("java.lang.IllegalArgumentException");
    }
}
