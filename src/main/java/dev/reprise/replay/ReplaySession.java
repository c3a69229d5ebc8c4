package dev.reprise.replay;

import dev.reprise.api.HistoryEvent;
import dev.reprise.api.OrchestratorFunction;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An orchestration kept running between steps, as Durable Functions' extended sessions: the first step replays the
 * whole history; afterwards the code stays parked where it waits, on a thread of its own, and each later step only
 * appends that step's events and lets it continue. A step's result is exactly what {@link ReplayEngine#execute}
 * would return for the same history; the session only saves replaying (and loading) what came before.
 *
 * <p>Steps are asynchronous: {@link #step(List, StepControl)} hands the events to the session's thread and returns at
 * once; the result completes on that thread when the code waits again or ends. The caller must feed every step the
 * store committed, in order, and nothing else: after a step whose commit failed, or when another process may have
 * moved the instance on, {@link #close()} the session and replay from the store. One step at a time.
 */
public final class ReplaySession implements AutoCloseable {

    private enum State { NEW, RUNNING, PARKED, FINISHED, CLOSED }

    private final ReplayEngine engine;
    private final OrchestratorFunction orchestrator;
    private final ReplayContext ctx;
    private final Executor threads;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private State state = State.NEW;
    /** The step being run: its events, its start and where its result goes. */
    private List<HistoryEvent> stepEvents;
    private HistoryEvent.OrchestratorStarted stepStart;
    private CompletableFuture<ReplayResult> stepResult;
    /** The last step's new history after its new events (its calls and OrchestratorCompleted), not yet replayed. */
    private List<HistoryEvent> pendingTail = List.of();
    private int historySize;
    private ReplayResult lastResult;
    private volatile Thread thread;
    /** A termination the history given at open already holds: the code is never run then. */
    private final HistoryEvent.ExecutionTerminated terminatedBefore;

    private ReplaySession(ReplayEngine engine, OrchestratorFunction orchestrator, List<HistoryEvent> past,
                          Executor threads) {
        this.engine = engine;
        this.orchestrator = orchestrator;
        this.threads = threads;
        this.ctx = new ReplayContext(engine.converter(), engine.limits(), new ArrayList<>(past), past.size());
        this.historySize = past.size();
        this.terminatedBefore = ReplayEngine.terminationIn(past);
    }

    /**
     * A session over {@code past}, the history recorded so far; nothing runs until the first {@link #step}, which
     * replays {@code past} and the step's events on a thread from {@code threads} (the session keeps that thread while
     * the code waits).
     */
    public static ReplaySession open(ReplayEngine engine, OrchestratorFunction orchestrator, List<HistoryEvent> past,
                                     Executor threads) {
        return new ReplaySession(engine, orchestrator, past, threads);
    }

    /**
     * Opens a session and runs its first step, waiting for the result: {@link #lastResult()}.
     *
     * @throws IllegalArgumentException when the events do not begin with OrchestratorStarted or hold no start
     */
    public static ReplaySession start(ReplayEngine engine, OrchestratorFunction orchestrator,
                                      List<HistoryEvent> past, List<HistoryEvent> newEvents, Executor threads) {
        ReplaySession session = open(engine, orchestrator, past, threads);
        session.step(newEvents, StepControl.NONE).join();
        return session;
    }

    /** Runs the next step and waits for its result; see {@link #step(List, StepControl)}. */
    public ReplayResult step(List<HistoryEvent> newEvents) {
        return step(newEvents, StepControl.NONE).join();
    }

    /**
     * Runs the next step: the events that arrived since the last step, beginning with OrchestratorStarted, applied
     * under {@code control}. The result completes on the session's thread once the code waits again or ends; it never
     * completes exceptionally (a failing orchestrator is a Failed result).
     *
     * @throws IllegalArgumentException when the events do not begin with OrchestratorStarted, or the first step's
     *                                  history holds no ExecutionStarted
     * @throws IllegalStateException    when the session is not waiting for a step
     */
    public CompletableFuture<ReplayResult> step(List<HistoryEvent> newEvents, StepControl control) {
        HistoryEvent.OrchestratorStarted start = ReplayEngine.stepStart(newEvents);
        CompletableFuture<ReplayResult> result = new CompletableFuture<>();
        HistoryEvent.ExecutionTerminated terminated = ReplayEngine.terminationIn(newEvents);
        lock.lock();
        try {
            if (state != State.NEW && state != State.PARKED) {
                throw new IllegalStateException("the session is " + state + ", not waiting for a step");
            }
            if (terminated == null && state == State.NEW) {
                terminated = terminatedBefore;
            }
            if (terminated != null) {
                // Terminated is final: the code is not run again, and the session ends.
                state = State.CLOSED;
                changed.signalAll();
                List<HistoryEvent> recorded = new ArrayList<>(ctx.recordedHistory());
                recorded.addAll(pendingTail);
                ReplayResult done = engine.terminate(recorded, newEvents, start, terminated);
                remember(done, newEvents);
                result.complete(done);
                return result;
            }
            stepEvents = newEvents;
            stepStart = start;
            stepResult = result;
            ctx.controlledBy(control);
            if (state == State.NEW) {
                ctx.appendStep(List.of(), newEvents);
                ctx.processUntilStarted();
                ctx.parkWith(this::park);
                state = State.RUNNING;
                threads.execute(this::runCode);
            } else {
                ctx.appendStep(pendingTail, newEvents);
                state = State.RUNNING;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        return result;
    }

    private void runCode() {
        thread = Thread.currentThread();
        ReplayEngine.Outcome end = engine.run(orchestrator, ctx);
        thread = null;
        CompletableFuture<ReplayResult> result;
        ReplayResult done;
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return; // abandoned: nobody waits for this result
            }
            state = State.FINISHED;
            done = engine.finish(ctx, end, stepEvents, stepStart);
            remember(done, stepEvents);
            result = stepResult;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        result.complete(done);
    }

    /** On the code's thread: hands the step's result back and waits for the next step, or for the close. */
    private boolean park() {
        CompletableFuture<ReplayResult> result;
        ReplayResult done;
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return false;
            }
            state = State.PARKED;
            done = engine.finish(ctx, ReplayEngine.waiting(ctx), stepEvents, stepStart);
            remember(done, stepEvents);
            result = stepResult;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        ctx.leaveControl();
        thread = null;
        result.complete(done);
        lock.lock();
        try {
            while (state == State.PARKED) {
                changed.awaitUninterruptibly();
            }
            if (state != State.RUNNING) {
                return false;
            }
        } finally {
            lock.unlock();
        }
        thread = Thread.currentThread();
        ctx.enterControl();
        return true;
    }

    private void remember(ReplayResult result, List<HistoryEvent> newEvents) {
        lastResult = result;
        historySize += result.newHistory().size();
        pendingTail = result.newHistory().subList(newEvents.size(), result.newHistory().size());
    }

    /** The result of the latest step. */
    public ReplayResult lastResult() {
        lock.lock();
        try {
            return lastResult;
        } finally {
            lock.unlock();
        }
    }

    /** The number of history events the session has seen, committed ones included: the store's count if in sync. */
    public int historySize() {
        lock.lock();
        try {
            return historySize;
        } finally {
            lock.unlock();
        }
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
     * Ends the session: parked code unwinds and its thread is given back; running code is abandoned (its result is
     * dropped) and its thread interrupted, so a blocking call in it returns. Safe to call at any time, repeatedly.
     */
    @Override
    public void close() {
        Thread running;
        lock.lock();
        try {
            running = state == State.RUNNING ? thread : null;
            if (state != State.CLOSED) {
                state = State.CLOSED;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (running != null) {
            running.interrupt();
        }
    }
}
