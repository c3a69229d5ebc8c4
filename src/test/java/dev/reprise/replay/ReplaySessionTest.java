package dev.reprise.replay;

import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.HistoryEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.reprise.replay.ReplayHarness.CONVERTER;
import static dev.reprise.replay.ReplayHarness.T0;
import static dev.reprise.replay.ReplayHarness.completed;
import static dev.reprise.replay.ReplayHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Extended sessions: the code keeps its place between steps; fresh replays are the reference (ReplayHarness). */
class ReplaySessionTest {

    private final ReplayEngine engine = new ReplayEngine(CONVERTER);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private static List<HistoryEvent> startBatch(Instant t, Object input) {
        return List.of(new HistoryEvent.OrchestratorStarted(t),
                new HistoryEvent.ExecutionStarted(t, "Chain", "inst-1", "exec-1", json(input), null, -1));
    }

    @Test
    void step_afterTheFirst_continuesTheParkedCodeInsteadOfRunningItAgain() {
        AtomicInteger runs = new AtomicInteger();
        ReplaySession session = ReplaySession.start(engine, ctx -> {
            runs.incrementAndGet();
            int sum = 0;
            for (int k = 0; k < 100; k++) {
                sum += ctx.callActivity("Echo", k, Integer.class).await();
            }
            return sum;
        }, List.of(), startBatch(T0, null), threads);

        for (int k = 0; k < 100; k++) {
            assertThat(session.isOpen()).isTrue();
            Instant t = T0.plusSeconds(k + 1);
            session.step(List.of(new HistoryEvent.OrchestratorStarted(t), completed(t, k, k)));
        }

        assertThat(runs).hasValue(1);
        assertThat(session.isOpen()).isFalse();
        assertThat(session.lastResult().status()).isEqualTo(OrchestrationRuntimeStatus.Completed);
        assertThat(session.lastResult().output()).isEqualTo("4950");
        // start: 2 new + 1 scheduled + completed; each step: 2 new + 1 scheduled + completed; last: 2 + end + completed
        assertThat(session.historySize()).isEqualTo(4 + 99 * 4 + 4);
    }

    @Test
    void close_whileParked_unwindsTheCodeAndGivesItsThreadBack() throws Exception {
        CountDownLatch unwound = new CountDownLatch(1);
        List<String> seen = new ArrayList<>();
        ReplaySession session = ReplaySession.start(engine, ctx -> {
            try {
                return ctx.callActivity("Slow", null, String.class).await();
            } finally {
                seen.add(Thread.currentThread().getName());
                unwound.countDown();
            }
        }, List.of(), startBatch(T0, null), threads);
        assertThat(session.isOpen()).isTrue();

        session.close();

        assertThat(unwound.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(session.isOpen()).isFalse();
        assertThat(seen).hasSize(1);
    }

    @Test
    void step_withTermination_endsTheSessionWithoutRunningTheCode() {
        AtomicInteger afterWait = new AtomicInteger();
        ReplaySession session = ReplaySession.start(engine, ctx -> {
            String r = ctx.callActivity("Slow", null, String.class).await();
            afterWait.incrementAndGet();
            return r;
        }, List.of(), startBatch(T0, null), threads);
        Instant t1 = T0.plusSeconds(1);

        ReplayResult r = session.step(List.of(new HistoryEvent.OrchestratorStarted(t1),
                new HistoryEvent.ExecutionTerminated(t1, "stop"), completed(t1, 0, "late")));

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Terminated);
        assertThat(session.isOpen()).isFalse();
        assertThat(afterWait).hasValue(0);
    }

    @Test
    void start_withRecordedHistory_replaysItOnceThenContinues() {
        ReplayHarness reference = ReplayHarness.of("Chain", ctx -> ctx.callActivity("A", null, String.class).await()
                + ctx.callActivity("B", null, String.class).await());
        reference.start(T0, null);
        reference.step(T0.plusSeconds(1), completed(T0.plusSeconds(1), 0, "a"));

        ReplaySession session = ReplaySession.start(engine, ctx -> ctx.callActivity("A", null, String.class).await()
                        + ctx.callActivity("B", null, String.class).await(), reference.history(),
                List.of(new HistoryEvent.OrchestratorStarted(T0.plusSeconds(2)), completed(T0.plusSeconds(2), 1, "b")),
                threads);

        assertThat(session.lastResult().status()).isEqualTo(OrchestrationRuntimeStatus.Completed);
        assertThat(session.lastResult().output()).isEqualTo(json("ab"));
        assertThat(session.lastResult().actions()).hasSize(1);
    }
}
