package dev.reprise.replay;

import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.HistoryEvent;
import dev.reprise.history.OrchestratorAction;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.reprise.replay.ReplayHarness.T0;
import static dev.reprise.replay.ReplayHarness.actionsOf;
import static dev.reprise.replay.ReplayHarness.completed;
import static dev.reprise.replay.ReplayHarness.completion;
import static dev.reprise.replay.ReplayHarness.schedule;
import static dev.reprise.replay.ReplayHarness.assertRunningWith;
import static dev.reprise.replay.ReplayHarness.assertCompletedWith;
import static org.assertj.core.api.Assertions.assertThat;

/** Orchestrator code that misbehaves must fail or wait its instance, never escape into the engine. */
class ReplayMisbehavingCodeTest {

    private static final Instant T1 = T0.plusSeconds(1);
    private static final Instant T2 = T0.plusSeconds(2);

    @Test
    void orchestratorThrowsAssertionError_failsTheInstanceInsteadOfEscaping() {
        ReplayHarness h = ReplayHarness.of("Asserting", ctx -> {
            throw new AssertionError("invariant broken");
        });

        ReplayResult r = h.start(T0, null);

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(completion(r).failure().errorType()).isEqualTo("java.lang.AssertionError");
        assertThat(completion(r).failure().errorMessage()).isEqualTo("invariant broken");
    }

    @Test
    void orchestratorThrowsUndeclaredCheckedException_failsTheInstance() {
        ReplayHarness h = ReplayHarness.of("Sneaky", ctx -> {
            throw ReplayMisbehavingCodeTest.<RuntimeException>sneaky(new java.io.IOException("disk gone"));
        });

        ReplayResult r = h.start(T0, null);

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(completion(r).failure().errorType()).isEqualTo("java.io.IOException");
    }

    @Test
    void catchThrowableAroundAwait_pendingTask_stillWaitsInsteadOfCompleting() {
        ReplayHarness h = ReplayHarness.of("Swallower", ctx -> {
            try {
                return ctx.callActivity("A", null, String.class).await();
            } catch (Throwable swallowed) {
                return "wrong early result";
            }
        });

        ReplayResult first = h.start(T0, null);
        assertRunningWith(first, schedule(0, "A", null));

        ReplayResult second = h.step(T1, completed(T1, 0, "right"));
        assertCompletedWith(second, "\"right\"");
        h.replayFromScratch(T2);
    }

    @Test
    void sendEvent_emitsSendEventActionAndReplaysWithoutRepeatingIt() {
        ReplayHarness h = ReplayHarness.of("Sender", ctx -> {
            ctx.sendEvent("other-instance", "Ping", 42);
            return ctx.callActivity("A", null, String.class).await();
        });

        ReplayResult first = h.start(T0, null);
        assertThat(actionsOf(first, OrchestratorAction.SendEvent.class))
                .containsExactly(new OrchestratorAction.SendEvent(0, "other-instance", "Ping", "42"));
        assertThat(first.newHistory()).anyMatch(e -> e instanceof HistoryEvent.EventSent sent
                && sent.targetInstanceId().equals("other-instance") && sent.name().equals("Ping"));

        ReplayResult second = h.step(T1, completed(T1, 1, "done"));
        assertThat(actionsOf(second, OrchestratorAction.SendEvent.class)).isEmpty();
        assertCompletedWith(second, "\"done\"");
        h.replayFromScratch(T2);
    }

    @Test
    void callSubOrchestrator_invalidInstanceId_failsTheCallWithTheRuleInsteadOfReachingTheStore() {
        ReplayHarness h = ReplayHarness.of("BadChild", ctx -> ctx.callSubOrchestrator("Child", null, "a\u0000b",
                dev.reprise.api.TaskOptions.none(), String.class).await());

        ReplayResult r = h.start(T0, null);

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(completion(r).failure().errorType()).isEqualTo("dev.reprise.api.InvalidRequestException");
        assertThat(completion(r).failure().errorMessage()).contains("control characters");
    }

    @Test
    void sendEvent_invalidTargetId_failsTheCall() {
        ReplayHarness h = ReplayHarness.of("BadTarget", ctx -> {
            ctx.sendEvent("x".repeat(300), "Ping", 1);
            return "sent";
        });

        ReplayResult r = h.start(T0, null);

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(completion(r).failure().errorMessage()).contains("at most 256");
    }

    @Test
    void callActivity_nameWithControlCharacter_failsTheCallNamingThePosition() {
        ReplayHarness h = ReplayHarness.of("BadName", ctx -> ctx.callActivity("Say\u0000Hello", null, String.class)
                .await());

        ReplayResult r = h.start(T0, null);

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(completion(r).failure().errorMessage()).contains("U+0000 at position 3");
        assertThat(r.actions()).allMatch(a -> a instanceof OrchestratorAction.CompleteOrchestration);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
