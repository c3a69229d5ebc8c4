package dev.reprise.replay;

import dev.reprise.api.FailureDetails;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.HistoryEvent;
import dev.reprise.history.OrchestratorAction;

import java.util.ArrayList;
import java.util.List;

/**
 * The pure replay core: (past history, new events) in, (history to append, actions, status) out. No I/O, no clock,
 * no threads: everything it needs is in the events, so a step can be reproduced from a hand-built history.
 */
public final class ReplayEngine {

    private final PayloadConverter converter;
    private final ReplayLimits limits;

    public ReplayEngine(PayloadConverter converter) {
        this(converter, ReplayLimits.DEFAULT);
    }

    public ReplayEngine(PayloadConverter converter, ReplayLimits limits) {
        this.converter = converter;
        this.limits = limits;
    }

    /**
     * Runs {@code orchestrator} against its history.
     *
     * @param past      the history recorded so far for the current execution, possibly empty for a new instance
     * @param newEvents the events that arrived since, beginning with an {@link HistoryEvent.OrchestratorStarted}
     *                  carrying the step's time; for a new instance they include its ExecutionStarted
     * @throws IllegalArgumentException when the history holds no ExecutionStarted or the new events are empty
     */
    public ReplayResult execute(OrchestratorFunction orchestrator, List<HistoryEvent> past,
                                List<HistoryEvent> newEvents) {
        return execute(orchestrator, past, newEvents, StepControl.NONE);
    }

    /**
     * As {@link #execute(OrchestratorFunction, List, List)}, with the code run under {@code control}: in its thread
     * context, and unwound at its next call to the context once the engine abandons the step.
     */
    public ReplayResult execute(OrchestratorFunction orchestrator, List<HistoryEvent> past,
                                List<HistoryEvent> newEvents, StepControl control) {
        HistoryEvent.OrchestratorStarted stepStart = stepStart(newEvents);
        // Terminated is final: whether it arrives now or was recorded before, the code is not run again.
        for (List<HistoryEvent> events : List.of(past, newEvents)) {
            HistoryEvent.ExecutionTerminated terminated = terminationIn(events);
            if (terminated != null) {
                return terminate(past, newEvents, stepStart, terminated);
            }
        }
        List<HistoryEvent> all = new ArrayList<>(past.size() + newEvents.size());
        all.addAll(past);
        all.addAll(newEvents);
        ReplayContext ctx = new ReplayContext(converter, limits, all, past.size());
        ctx.controlledBy(control);
        ctx.processUntilStarted();
        return finish(ctx, run(orchestrator, ctx), newEvents, stepStart);
    }

    /** How a run of the orchestrator code ended: returned, threw, or stopped waiting for history. */
    record Outcome(OrchestrationRuntimeStatus status, String output, FailureDetails failure) {
    }

    /** Runs the code until it returns, fails, or waits for history it does not have; never throws for user code. */
    Outcome run(OrchestratorFunction orchestrator, ReplayContext ctx) {
        ctx.enterControl();
        try {
            Object result = orchestrator.run(ctx);
            if (ctx.isBlocked()) {
                // The code caught the suspension signal (catch Throwable) and returned: it is still waiting.
                throw OrchestratorBlocked.INSTANCE;
            }
            ctx.drainAfterCompletion();
            if (ctx.fatal() != null) {
                throw ctx.fatal();
            }
            if (ctx.continueAsNewRequested()) {
                return new Outcome(OrchestrationRuntimeStatus.ContinuedAsNew, ctx.continueAsNewInput(), null);
            }
            return new Outcome(OrchestrationRuntimeStatus.Completed, converter.serialize(result), null);
        } catch (OrchestratorBlocked blocked) {
            if (ctx.fatal() != null) {
                return new Outcome(OrchestrationRuntimeStatus.Failed, null, FailureDetails.from(ctx.fatal(), true));
            }
            return waiting(ctx);
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                throw (VirtualMachineError) e; // out of memory is the process's problem, not the instance's
            }
            // User code failed (any throwable, checked ones thrown sneakily included), or a result did not
            // deserialize: the instance fails with the cause, never the engine.
            // Non-determinism found after the code returned is as final as when found while it waited.
            return new Outcome(OrchestrationRuntimeStatus.Failed, null,
                    ctx.fatal() != null ? FailureDetails.from(ctx.fatal(), true) : FailureDetails.from(e));
        } finally {
            ctx.leaveControl();
        }
    }

    /** The outcome of code that waits for history not yet recorded. */
    static Outcome waiting(ReplayContext ctx) {
        return new Outcome(ctx.isSuspended() ? OrchestrationRuntimeStatus.Suspended
                : OrchestrationRuntimeStatus.Running, null, null);
    }

    /** Turns the state the code reached into the step's result: history to append, actions, status. */
    ReplayResult finish(ReplayContext ctx, Outcome outcome, List<HistoryEvent> newEvents,
                        HistoryEvent.OrchestratorStarted stepStart) {
        OrchestrationRuntimeStatus status = outcome.status();
        List<HistoryEvent> newHistory = new ArrayList<>(newEvents);
        List<OrchestratorAction> actions = new ArrayList<>();
        if (status != OrchestrationRuntimeStatus.Failed) {
            ctx.collectNewActions(actions, newHistory, stepStart.timestamp());
        }
        if (status.isTerminal() || status == OrchestrationRuntimeStatus.ContinuedAsNew) {
            actions.add(complete(status, outcome.output(), outcome.failure(), ctx, newHistory, stepStart));
        }
        newHistory.add(new HistoryEvent.OrchestratorCompleted(stepStart.timestamp()));
        return new ReplayResult(newHistory, actions, status, outcome.output(), outcome.failure(), ctx.customStatus(),
                ctx.customStatusSet());
    }

    /** The step's start, checked: every batch of new events begins with OrchestratorStarted. */
    static HistoryEvent.OrchestratorStarted stepStart(List<HistoryEvent> newEvents) {
        if (newEvents.isEmpty() || !(newEvents.get(0) instanceof HistoryEvent.OrchestratorStarted stepStart)) {
            throw new IllegalArgumentException("new events must begin with OrchestratorStarted, got " + newEvents);
        }
        return stepStart;
    }

    /** The termination among {@code events}, if any: a terminated instance's code is not run again. */
    static HistoryEvent.ExecutionTerminated terminationIn(List<HistoryEvent> events) {
        for (HistoryEvent e : events) {
            if (e instanceof HistoryEvent.ExecutionTerminated terminated) {
                return terminated;
            }
        }
        return null;
    }

    PayloadConverter converter() {
        return converter;
    }

    ReplayLimits limits() {
        return limits;
    }

    private static OrchestratorAction complete(OrchestrationRuntimeStatus status, String output,
                                               FailureDetails failure, ReplayContext ctx,
                                               List<HistoryEvent> newHistory,
                                               HistoryEvent.OrchestratorStarted stepStart) {
        if (status == OrchestrationRuntimeStatus.ContinuedAsNew) {
            newHistory.add(new HistoryEvent.ContinueAsNew(stepStart.timestamp(), output));
            return new OrchestratorAction.CompleteOrchestration(status, output, null, ctx.carryoverEvents());
        }
        newHistory.add(new HistoryEvent.ExecutionCompleted(stepStart.timestamp(), status, output, failure));
        return new OrchestratorAction.CompleteOrchestration(status, output, failure, List.of());
    }

    /**
     * Fails the execution without running its code, for a step the engine refuses to replay (e.g. a history over the
     * configured size): records the new events, then the failure.
     */
    public ReplayResult failWithoutReplay(List<HistoryEvent> newEvents, FailureDetails failure) {
        HistoryEvent.OrchestratorStarted stepStart = stepStart(newEvents);
        List<HistoryEvent> newHistory = new ArrayList<>(newEvents);
        newHistory.add(new HistoryEvent.ExecutionCompleted(stepStart.timestamp(), OrchestrationRuntimeStatus.Failed,
                null, failure));
        newHistory.add(new HistoryEvent.OrchestratorCompleted(stepStart.timestamp()));
        return new ReplayResult(newHistory, List.of(new OrchestratorAction.CompleteOrchestration(
                OrchestrationRuntimeStatus.Failed, null, failure, List.of())), OrchestrationRuntimeStatus.Failed,
                null, failure, null, false);
    }

    /**
     * Ends the execution as Terminated without running its code. A recursive termination also terminates the
     * sub-orchestrations the execution started and still waits for ({@code past} and {@code newEvents} say which),
     * each of which does the same with its own: the whole tree ends.
     */
    ReplayResult terminate(List<HistoryEvent> past, List<HistoryEvent> newEvents,
                           HistoryEvent.OrchestratorStarted stepStart, HistoryEvent.ExecutionTerminated terminated) {
        List<HistoryEvent> newHistory = new ArrayList<>(newEvents);
        newHistory.add(new HistoryEvent.OrchestratorCompleted(stepStart.timestamp()));
        String output = converter.serialize(terminated.reason());
        List<OrchestratorAction> actions = new ArrayList<>();
        if (terminated.cascades()) {
            for (HistoryEvent.SubOrchestrationInstanceCreated child : Outstanding.children(List.of(past, newEvents))) {
                actions.add(new OrchestratorAction.TerminateSubOrchestration(child.taskId(), child.instanceId(),
                        terminated.reason()));
            }
        }
        actions.add(new OrchestratorAction.CompleteOrchestration(OrchestrationRuntimeStatus.Terminated, output,
                null, List.of()));
        return new ReplayResult(newHistory, actions, OrchestrationRuntimeStatus.Terminated, output, null, null,
                false);
    }
}
