package dev.reprise.replay;

import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.Task;
import dev.reprise.api.TaskFailedException;
import dev.reprise.api.HistoryEvent;
import dev.reprise.history.OrchestratorAction;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.reprise.replay.ReplayHarness.T0;
import static dev.reprise.replay.ReplayHarness.assertCompletedWith;
import static dev.reprise.replay.ReplayHarness.assertRunningWith;
import static dev.reprise.replay.ReplayHarness.completed;
import static dev.reprise.replay.ReplayHarness.completion;
import static dev.reprise.replay.ReplayHarness.failed;
import static dev.reprise.replay.ReplayHarness.fired;
import static dev.reprise.replay.ReplayHarness.json;
import static dev.reprise.replay.ReplayHarness.raised;
import static dev.reprise.replay.ReplayHarness.schedule;
import static dev.reprise.replay.ReplayHarness.timer;
import static org.assertj.core.api.Assertions.assertThat;

class ReplayFailureAndLifecycleTest {

    private static final Instant T1 = T0.plusSeconds(1);
    private static final Instant T2 = T0.plusSeconds(2);
    private static final Instant T3 = T0.plusSeconds(3);
    private static final Instant T4 = T0.plusSeconds(4);

    // ---- orchestrator failures ----

    @Test
    void orchestratorThrows_afterActivity_failsWithErrorTypeMessageAndCause() {
        ReplayHarness h = ReplayHarness.of("Thrower", ctx -> {
            int qty = ctx.callActivity("Count", null, Integer.class).await();
            ctx.callActivity("NeverScheduled", null);
            throw new IllegalStateException("quantity " + qty + " too high", new ArithmeticException("overflow"));
        });
        h.start(T0, null);

        ReplayResult r = h.step(T1, completed(T1, 0, 99));

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(r.output()).isNull();
        assertThat(r.failure().errorType()).isEqualTo("java.lang.IllegalStateException");
        assertThat(r.failure().errorMessage()).isEqualTo("quantity 99 too high");
        assertThat(r.failure().stackTrace()).contains("IllegalStateException");
        assertThat(r.failure().innerFailure().errorType()).isEqualTo("java.lang.ArithmeticException");
        // Work the failing code scheduled without awaiting is dropped; only the completion is emitted.
        assertThat(r.actions()).containsExactly(new OrchestratorAction.CompleteOrchestration(
                OrchestrationRuntimeStatus.Failed, null, r.failure(), List.of()));
        assertThat(r.newHistory()).containsExactly(new HistoryEvent.OrchestratorStarted(T1), completed(T1, 0, 99),
                new HistoryEvent.ExecutionCompleted(T1, OrchestrationRuntimeStatus.Failed, null, r.failure()),
                new HistoryEvent.OrchestratorCompleted(T1));
        h.replayFromScratch(T2);
    }

    @Test
    void orchestratorThrows_inFirstStep_failsAtOnce() {
        ReplayHarness h = ReplayHarness.of("Eager", ctx -> {
            throw new UnsupportedOperationException("nope");
        });

        ReplayResult r = h.start(T0, null);

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(completion(r).failure().errorType()).isEqualTo("java.lang.UnsupportedOperationException");
        assertThat(completion(r).failure().errorMessage()).isEqualTo("nope");
    }

    @Test
    void activityResultOfWrongType_failsOrchestrationNamingTheType() {
        ReplayHarness h = ReplayHarness.of("Typed", ctx -> ctx.callActivity("Num", null, Integer.class).await());
        h.start(T0, null);

        ReplayResult r = h.step(T1, completed(T1, 0, "not a number"));

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(r.failure().errorType()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(r.failure().errorMessage()).contains("java.lang.Integer");
        h.replayFromScratch(T2);
    }

    @Test
    void taskFailedCaught_compensationActivityRunsAndOrchestrationCompletes() {
        OrchestratorFunction booking = ctx -> {
            String reservation = ctx.callActivity("Reserve", "seat", String.class).await();
            try {
                ctx.callActivity("Charge", reservation, String.class).await();
                return "booked";
            } catch (TaskFailedException e) {
                ctx.callActivity("Release", reservation).await();
                return "released " + reservation + " after " + e.getFailureDetails().errorMessage();
            }
        };
        ReplayHarness h = ReplayHarness.of("Booking", booking);
        h.start(T0, null);
        h.step(T1, completed(T1, 0, "R-1"));

        ReplayResult r = h.step(T2, failed(T2, 1, "com.example.CardDeclined", "card declined"));
        assertRunningWith(r, schedule(2, "Release", "R-1"));

        assertCompletedWith(h.step(T3, completed(T3, 2, null)), json("released R-1 after card declined"));
        h.replayFromScratch(T4);
    }

    @Test
    void catchExceptionAroundAwait_pendingTask_orchestratorStillSuspendsAndResumesLater() {
        AtomicInteger swallowed = new AtomicInteger();
        OrchestratorFunction fn = ctx -> {
            try {
                String a = ctx.callActivity("A", null, String.class).await();
                ctx.createTimer(Duration.ofMinutes(1)).await();
                return a;
            } catch (Exception e) {
                swallowed.incrementAndGet();
                return "swallowed " + e;
            }
        };
        ReplayHarness h = ReplayHarness.of("Swallower", fn);

        assertRunningWith(h.start(T0, null), schedule(0, "A", null));
        assertRunningWith(h.step(T1, completed(T1, 0, "a")), timer(1, T1.plus(Duration.ofMinutes(1))));
        Instant t2 = T1.plus(Duration.ofMinutes(1));
        assertCompletedWith(h.step(t2, fired(t2, 1, t2)), json("a"));

        assertThat(swallowed).hasValue(0);
        h.replayFromScratch(t2.plusSeconds(1));
    }

    // ---- custom status ----

    @Test
    void setCustomStatus_setAcrossSteps_reportsLatestValueAndReplaysIt() {
        ReplayHarness h = ReplayHarness.of("Progress", ctx -> {
            ctx.setCustomStatus(new Progress("reserving", 0));
            ctx.callActivity("Reserve", null).await();
            ctx.setCustomStatus(new Progress("charging", 50));
            ctx.callActivity("Charge", null).await();
            return "done";
        });

        ReplayResult r1 = h.start(T0, null);
        assertThat(r1.customStatusSet()).isTrue();
        assertThat(r1.customStatus()).isEqualTo("{\"step\":\"reserving\",\"percent\":0}");
        ReplayResult r2 = h.step(T1, completed(T1, 0, null));
        assertThat(r2.customStatus()).isEqualTo("{\"step\":\"charging\",\"percent\":50}");
        ReplayResult r3 = h.step(T2, completed(T2, 1, null));
        assertCompletedWith(r3, json("done"));
        assertThat(r3.customStatus()).isEqualTo(r2.customStatus());

        h.replayFromScratch(T3);
    }

    record Progress(String step, int percent) {
    }

    @Test
    void setCustomStatus_notCalled_customStatusNotSet() {
        ReplayResult r = ReplayHarness.of("Quiet", ctx -> "x").start(T0, null);

        assertThat(r.customStatusSet()).isFalse();
        assertThat(r.customStatus()).isNull();
    }

    @Test
    void setCustomStatus_exactly16KiBOfJson_isAccepted() {
        String fits = "x".repeat(ReplayContext.MAX_CUSTOM_STATUS_BYTES - 2); // plus two quotes

        ReplayResult r = ReplayHarness.of("Big", ctx -> {
            ctx.setCustomStatus(fits);
            return "ok";
        }).start(T0, null);

        assertCompletedWith(r, json("ok"));
        assertThat(r.customStatus()).hasSize(16 * 1024);
    }

    @Test
    void setCustomStatus_over16KiBInUtf8Bytes_failsTheOrchestration() {
        String tooBig = "é".repeat(8 * 1024); // 8192 characters, 16386 bytes of JSON
        ReplayHarness h = ReplayHarness.of("Huge", ctx -> {
            ctx.setCustomStatus("small");
            ctx.setCustomStatus(tooBig);
            return "unreachable";
        });

        ReplayResult r = h.start(T0, null);

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(r.failure().errorType()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(r.failure().errorMessage()).contains("16386").contains("16384");
        assertThat(r.customStatus()).isEqualTo(json("small"));
    }

    // ---- termination ----

    @Test
    void executionTerminated_inNewEvents_terminatesWithoutRunningCode() {
        AtomicInteger runs = new AtomicInteger();
        ReplayHarness h = ReplayHarness.of("Doomed", ctx -> {
            runs.incrementAndGet();
            return ctx.callActivity("Slow", null, String.class).await();
        }).withoutSessionCheck(); // counts the code's runs
        h.start(T0, null);
        assertThat(runs).hasValue(1);

        ReplayResult r = h.step(T1, new HistoryEvent.ExecutionTerminated(T1, "operator said stop"),
                completed(T1, 0, "too late"));

        assertThat(runs).hasValue(1);
        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Terminated);
        assertThat(r.output()).isEqualTo(json("operator said stop"));
        assertThat(r.actions()).containsExactly(new OrchestratorAction.CompleteOrchestration(
                OrchestrationRuntimeStatus.Terminated, json("operator said stop"), null, List.of()));
        assertThat(r.newHistory()).containsExactly(new HistoryEvent.OrchestratorStarted(T1),
                new HistoryEvent.ExecutionTerminated(T1, "operator said stop"), completed(T1, 0, "too late"),
                new HistoryEvent.OrchestratorCompleted(T1));
    }

    @Test
    void executionTerminated_inPastHistory_replayStaysTerminatedWithoutRunningCode() {
        AtomicInteger runs = new AtomicInteger();
        ReplayHarness h = ReplayHarness.of("Doomed", ctx -> {
            runs.incrementAndGet();
            ctx.callActivity("Slow", null, String.class).await();
            return ctx.callActivity("Next", null, String.class).await();
        }).withoutSessionCheck(); // counts the code's runs
        h.start(T0, null);
        h.step(T1, new HistoryEvent.ExecutionTerminated(T1, null));

        ReplayResult replay = h.replayFromScratch(T2);

        assertThat(replay.status()).isEqualTo(OrchestrationRuntimeStatus.Terminated);
        assertThat(runs).hasValue(1);
    }

    // ---- suspension ----

    /** Two activities in sequence. */
    private static final OrchestratorFunction TWO_STEPS = ctx -> {
        String a = ctx.callActivity("A", null, String.class).await();
        return a + ctx.callActivity("B", null, String.class).await();
    };

    @Test
    void executionSuspended_thenResumed_statusSuspendedThenRunning() {
        ReplayHarness h = ReplayHarness.of("Pausable", TWO_STEPS);
        h.start(T0, null);

        ReplayResult suspended = h.step(T1, new HistoryEvent.ExecutionSuspended(T1, "maintenance"));
        assertThat(suspended.status()).isEqualTo(OrchestrationRuntimeStatus.Suspended);
        assertThat(suspended.actions()).isEmpty();
        h.replayFromScratch(T1);

        ReplayResult resumed = h.step(T2, new HistoryEvent.ExecutionResumed(T2, "done"));
        assertRunningWith(resumed);
        assertRunningWith(h.step(T3, completed(T3, 0, "a")), schedule(1, "B", null));
        assertCompletedWith(h.step(T4, completed(T4, 1, "b")), json("ab"));
        h.replayFromScratch(T4.plusSeconds(1));
    }

    @Test
    void executionSuspended_resultArrivesWhileSuspended_isHeldUntilResumed() {
        ReplayHarness h = ReplayHarness.of("Pausable", TWO_STEPS);
        h.start(T0, null);

        ReplayResult held = h.step(T1, new HistoryEvent.ExecutionSuspended(T1, null), completed(T1, 0, "a"));
        assertThat(held.status()).isEqualTo(OrchestrationRuntimeStatus.Suspended);
        assertThat(held.actions()).as("a suspended orchestration makes no progress").isEmpty();
        h.replayFromScratch(T2);

        ReplayResult resumed = h.step(T2, new HistoryEvent.ExecutionResumed(T2, null));
        assertRunningWith(resumed, schedule(1, "B", null));
        assertThat(resumed.newHistory()).contains(new HistoryEvent.TaskScheduled(T2, 1, "B", null));
        assertCompletedWith(h.step(T3, completed(T3, 1, "b")), json("ab"));
        h.replayFromScratch(T4);
    }

    @Test
    void executionSuspended_eventAndTimerWhileSuspended_areDeliveredInArrivalOrderOnResume() {
        ReplayHarness h = ReplayHarness.of("PausableRace", ctx -> {
            Task<String> answer = ctx.waitForExternalEvent("Answer", String.class);
            Task<Void> deadline = ctx.createTimer(Duration.ofMinutes(5));
            return ctx.anyOf(answer, deadline).await() == answer ? answer.await() : "deadline";
        });
        h.start(T0, null);
        Instant t5 = T0.plus(Duration.ofMinutes(5));

        ReplayResult held = h.step(T1, new HistoryEvent.ExecutionSuspended(T1, null), raised(T1, "Answer", "42"));
        assertThat(held.status()).isEqualTo(OrchestrationRuntimeStatus.Suspended);
        assertThat(h.step(t5, fired(t5, 0, t5)).status()).isEqualTo(OrchestrationRuntimeStatus.Suspended);

        // The answer arrived first, so it wins once the orchestration is resumed.
        assertCompletedWith(h.step(t5.plusSeconds(1), new HistoryEvent.ExecutionResumed(t5, null)), json("42"));
        h.replayFromScratch(t5.plusSeconds(2));
    }

    @Test
    void executionSuspended_afterResultInSameBatch_resultIsProcessedFirst() {
        ReplayHarness h = ReplayHarness.of("Pausable", TWO_STEPS);
        h.start(T0, null);

        ReplayResult r = h.step(T1, completed(T1, 0, "a"), new HistoryEvent.ExecutionSuspended(T1, null));

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Suspended);
        assertThat(r.actions()).containsExactly(schedule(1, "B", null));
        h.replayFromScratch(T2);
        assertCompletedWith(h.step(T2, new HistoryEvent.ExecutionResumed(T2, null), completed(T2, 1, "b")),
                json("ab"));
        h.replayFromScratch(T3);
    }
}
