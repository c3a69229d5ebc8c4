package dev.reprise.replay;

import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.HistoryEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An orchestration kept running between steps, as Durable Functions' extended sessions: the first step replays the
 * whole history; afterwards the code stays parked where it waits, on a thread of its own, and each later step only
 * appends that step's events and lets it continue. A step's result is exactly what {@link ReplayEngine#execute}
 * would return for the same history; the session only saves replaying (and loading) what came before.
 *
 * <p>The caller must feed every step the store committed, in order, and nothing else: after a step whose commit
 * failed, or when another process may have moved the instance on, {@link #close()} the session and replay from the
 * store. Not thread-safe: one step at a time.
 */
public final class ReplaySession implements AutoCloseable {

    private enum State { RUNNING, PARKED, FINISHED, CLOSED }

    private final ReplayEngine engine;
    private final ReplayContext ctx;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private State state = State.RUNNING;
    private ReplayEngine.Outcome outcome;
    /** The last step's new history after its new events (its calls and OrchestratorCompleted), not yet replayed. */
    private List<HistoryEvent> pendingTail = List.of();
    private int historySize;
    private ReplayResult lastResult;

    private ReplaySession(ReplayEngine engine, ReplayContext ctx) {
        this.engine = engine;
        this.ctx = ctx;
    }

    /**
     * Replays {@code orchestrator} against {@code past} plus {@code newEvents} on a thread from {@code threads}, which
     * the session then keeps while the code waits; blocks the caller until the step's result is known.
     *
     * @return the session, whose {@link #lastResult()} is the step's result; {@link #isOpen()} is {@code false} when
     *         the code already finished
     * @throws IllegalArgumentException when the events do not begin with OrchestratorStarted or hold no start
     */
    public static ReplaySession start(ReplayEngine engine, OrchestratorFunction orchestrator,
                                      List<HistoryEvent> past, List<HistoryEvent> newEvents, Executor threads) {
        HistoryEvent.OrchestratorStarted stepStart = ReplayEngine.stepStart(newEvents);
        List<HistoryEvent> all = new ArrayList<>(past.size() + newEvents.size() + 16);
        all.addAll(past);
        all.addAll(newEvents);
        ReplayContext ctx = new ReplayContext(engine.converter(), engine.limits(), all, past.size());
        ReplaySession session = new ReplaySession(engine, ctx);
        session.historySize = past.size();
        HistoryEvent.ExecutionTerminated terminated = ReplayEngine.terminationIn(all);
        if (terminated != null) {
            session.state = State.CLOSED;
            session.remember(engine.terminate(newEvents, stepStart, terminated), newEvents);
            return session;
        }
        ctx.processUntilStarted();
        ctx.parkWith(session::park);
        threads.execute(() -> {
            ReplayEngine.Outcome end = engine.run(orchestrator, ctx);
            session.finished(end);
        });
        session.remember(session.awaitYield(newEvents, stepStart), newEvents);
        return session;
    }

    /** The result of the latest step. */
    public ReplayResult lastResult() {
        return lastResult;
    }

    /** The number of history events the session has seen, committed ones included: the store's count if in sync. */
    public int historySize() {
        return historySize;
    }

    /** {@code true} while the code waits for more history and a later {@link #step} can continue it. */
    public boolean isOpen() {
        lock.lock();
        try {
            return state == State.PARKED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs the next step: the events that arrived since the last step, beginning with OrchestratorStarted. Blocks
     * until the code waits again or ends.
     *
     * @throws IllegalStateException when the session is not open
     */
    public ReplayResult step(List<HistoryEvent> newEvents) {
        HistoryEvent.OrchestratorStarted stepStart = ReplayEngine.stepStart(newEvents);
        HistoryEvent.ExecutionTerminated terminated = ReplayEngine.terminationIn(newEvents);
        if (terminated != null) {
            close();
            remember(engine.terminate(newEvents, stepStart, terminated), newEvents);
            return lastResult;
        }
        lock.lock();
        try {
            if (state != State.PARKED) {
                throw new IllegalStateException("the session is " + state + ", not waiting for a step");
            }
            ctx.appendStep(pendingTail, newEvents);
            state = State.RUNNING;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        remember(awaitYield(newEvents, stepStart), newEvents);
        return lastResult;
    }

    private void remember(ReplayResult result, List<HistoryEvent> newEvents) {
        lastResult = result;
        historySize += result.newHistory().size();
        pendingTail = result.newHistory().subList(newEvents.size(), result.newHistory().size());
    }

    private ReplayResult awaitYield(List<HistoryEvent> newEvents, HistoryEvent.OrchestratorStarted stepStart) {
        boolean interrupted = false;
        lock.lock();
        try {
            while (state == State.RUNNING) {
                try {
                    changed.await();
                } catch (InterruptedException e) {
                    interrupted = true; // the step must still end; the interrupt is restored below
                }
            }
            ReplayEngine.Outcome end = state == State.PARKED ? ReplayEngine.waiting(ctx) : outcome;
            return engine.finish(ctx, end, newEvents, stepStart);
        } finally {
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** On the code's thread: hands the step back to the caller and waits for the next one, or for the close. */
    private boolean park() {
        lock.lock();
        try {
            state = State.PARKED;
            changed.signalAll();
            while (state == State.PARKED) {
                changed.awaitUninterruptibly();
            }
            return state == State.RUNNING;
        } finally {
            lock.unlock();
        }
    }

    private void finished(ReplayEngine.Outcome end) {
        lock.lock();
        try {
            outcome = end;
            if (state == State.RUNNING) {
                state = State.FINISHED;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Ends the session: parked code unwinds and its thread is given back. Safe to call at any time, repeatedly. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (state == State.PARKED || state == State.FINISHED) {
                state = State.CLOSED;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }
}
