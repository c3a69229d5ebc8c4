package dev.reprise.replay;

import dev.reprise.api.HistoryEvent;
import dev.reprise.api.NonDeterministicOrchestrationException;
import dev.reprise.api.TaskFailedException;

import java.time.Instant;
import java.util.List;

/**
 * Reads an orchestration's history in order, one event at a time, and applies each event: scheduling events are
 * matched against the calls the code made ({@link ScheduledCalls}) (entity calls, signals and locks included),
 * outcomes complete the tasks waiting for them,
 * external events go to the {@link EventMailbox}, and the step's time, the start and suspension are tracked. It knows
 * which events are replayed (recorded by earlier steps) and which are new in this step. In a {@link ReplaySession},
 * the end of the history is not the end: the cursor parks the code until the next step appends its events.
 */
final class HistoryCursor {

    /** What a session does when the code needs history it does not have yet. */
    interface Parker {
        /** Returns once more events were appended, {@code false} when the session ended and the code must unwind. */
        boolean park();
    }

    private final List<HistoryEvent> events;
    private final ScheduledCalls calls;
    private final EventMailbox mailbox;
    private int pastCount;
    private int position;
    private boolean replaying;
    private Parker parker;
    private Instant currentTime;
    private HistoryEvent.ExecutionStarted started;
    private boolean suspended;
    /** Position in history order at which things finished; lets anyOf pick the earliest. */
    private long completionOrder;

    /**
     * @param events    the whole history the replay reads: past events, then the step's new ones
     * @param pastCount how many of them earlier steps recorded
     */
    HistoryCursor(List<HistoryEvent> events, int pastCount, ScheduledCalls calls, EventMailbox mailbox) {
        this.events = events;
        this.pastCount = pastCount;
        this.replaying = pastCount > 0;
        this.calls = calls;
        this.mailbox = mailbox;
    }

    /** The history read so far: past events and the steps appended since (a session's, without its last tail). */
    List<HistoryEvent> events() {
        return events;
    }

    void parkWith(Parker parker) {
        this.parker = parker;
    }

    /** {@code true} while the event last applied was recorded by an earlier step. */
    boolean isReplaying() {
        return replaying;
    }

    /** The time of the step being applied: the replay-safe current time. */
    Instant currentTime() {
        return currentTime;
    }

    /** The execution's start; {@code null} until applied. */
    HistoryEvent.ExecutionStarted started() {
        return started;
    }

    /**
     * The seed of the {@code n}th replay-safe UUID of the current step: the same in every replay of the step, and
     * different for each execution, step and {@code n}.
     */
    String uuidSeed(int n) {
        return started.instanceId() + "/" + started.executionId() + "/" + currentTime + "/" + n;
    }

    boolean isSuspended() {
        return suspended;
    }

    long nextCompletionOrder() {
        return ++completionOrder;
    }

    /**
     * Applies events up to the execution's start.
     *
     * @throws IllegalArgumentException when the history holds none
     */
    void applyUntilStarted() {
        while (started == null) {
            if (position >= events.size()) {
                throw new IllegalArgumentException("history has no ExecutionStarted event");
            }
            applyNext();
        }
        if (currentTime == null) {
            currentTime = started.timestamp();
        }
    }

    /**
     * Applies the next event, waiting for a later step's events when the history is exhausted.
     *
     * @return {@code false} when no more will come (no session, or the session ended)
     * @throws NonDeterministicOrchestrationException when the event contradicts the code's calls
     */
    boolean applyNextOrWait() {
        while (position >= events.size()) {
            if (parker == null || !parker.park()) {
                return false;
            }
        }
        applyNext();
        return true;
    }

    /**
     * Applies every event left, after the code returned: they must still agree with it.
     *
     * @throws NonDeterministicOrchestrationException when one contradicts the code's calls
     */
    void applyRest() {
        while (position < events.size()) {
            applyNext();
        }
    }

    /**
     * Adds a later step to a parked session: the rest of the previous step's recorded history (the calls it made,
     * its OrchestratorCompleted), then the new step's events, exactly as a fresh replay would read them.
     */
    void appendStep(List<HistoryEvent> previousTail, List<HistoryEvent> newEvents) {
        events.addAll(previousTail);
        pastCount = events.size();
        events.addAll(newEvents);
    }

    private void applyNext() {
        replaying = position < pastCount;
        apply(events.get(position++));
    }

    private void apply(HistoryEvent event) {
        if (suspended && isOutcome(event)) {
            // A suspended orchestration makes no progress: its code must not see results until it is resumed.
            mailbox.hold(event);
            return;
        }
        if (event instanceof HistoryEvent.OrchestratorStarted e) {
            currentTime = e.timestamp();
        } else if (event instanceof HistoryEvent.ExecutionStarted e) {
            if (started == null) {
                started = e;
            }
        } else if (event instanceof HistoryEvent.TaskScheduled e) {
            confirm(e.taskId(), "TaskScheduled", e.name());
        } else if (event instanceof HistoryEvent.TimerCreated e) {
            confirm(e.taskId(), "TimerCreated", "timer");
        } else if (event instanceof HistoryEvent.SubOrchestrationInstanceCreated e) {
            confirm(e.taskId(), "SubOrchestrationInstanceCreated", e.name());
        } else if (event instanceof HistoryEvent.EventSent e) {
            confirm(e.taskId(), "EventSent", e.name());
        } else if (event instanceof HistoryEvent.TaskCompleted e) {
            complete(e.taskId(), e.result());
        } else if (event instanceof HistoryEvent.TaskFailed e) {
            fail(e.taskId(), e.failure());
        } else if (event instanceof HistoryEvent.TimerFired e) {
            complete(e.taskId(), null);
        } else if (event instanceof HistoryEvent.SubOrchestrationInstanceCompleted e) {
            complete(e.taskId(), e.result());
        } else if (event instanceof HistoryEvent.SubOrchestrationInstanceFailed e) {
            fail(e.taskId(), e.failure());
        } else if (event instanceof HistoryEvent.EventRaised e) {
            mailbox.deliver(e, nextCompletionOrder());
        } else if (event instanceof HistoryEvent.EntityOperationCalled e) {
            confirm(e.taskId(), "EntityOperationCalled", EntityCalls.callName(e.entityId(), e.operation()));
        } else if (event instanceof HistoryEvent.EntityOperationSignaled e) {
            confirm(e.taskId(), "EntityOperationSignaled", EntityCalls.callName(e.entityId(), e.operation()));
        } else if (event instanceof HistoryEvent.EntityLockRequested e) {
            confirm(e.taskId(), "EntityLockRequested", EntityCalls.lockName(e.entityIds()));
        } else if (event instanceof HistoryEvent.EntityUnlockSent e) {
            confirm(e.taskId(), "EntityUnlockSent", EntityCalls.unlockName(e.entityIds()));
        } else if (event instanceof HistoryEvent.EntityOperationCompleted e) {
            complete(e.taskId(), e.result());
        } else if (event instanceof HistoryEvent.EntityOperationFailed e) {
            fail(e.taskId(), e.failure());
        } else if (event instanceof HistoryEvent.EntityLockGranted e) {
            complete(e.taskId(), null);
        } else if (event instanceof HistoryEvent.ExecutionSuspended) {
            suspended = true;
        } else if (event instanceof HistoryEvent.ExecutionResumed) {
            suspended = false;
            mailbox.releaseHeld().forEach(this::apply);
        }
        // OrchestratorCompleted, ExecutionCompleted, ExecutionTerminated, ContinueAsNew: nothing to replay.
    }

    /** Events that carry a result to the code (as opposed to scheduling confirmations and lifecycle events). */
    private static boolean isOutcome(HistoryEvent event) {
        return event instanceof HistoryEvent.TaskCompleted || event instanceof HistoryEvent.TaskFailed
                || event instanceof HistoryEvent.TimerFired || event instanceof HistoryEvent.EventRaised
                || event instanceof HistoryEvent.SubOrchestrationInstanceCompleted
                || event instanceof HistoryEvent.SubOrchestrationInstanceFailed
                || event instanceof HistoryEvent.EntityOperationCompleted
                || event instanceof HistoryEvent.EntityOperationFailed
                || event instanceof HistoryEvent.EntityLockGranted;
    }

    private void complete(int taskId, String result) {
        DurableTask<?> task = calls.outcomeArrived(taskId);
        if (task != null) {
            task.complete(result);
        }
    }

    private void fail(int taskId, dev.reprise.api.FailureDetails failure) {
        DurableTask<?> task = calls.outcomeArrived(taskId);
        if (task != null) {
            task.fail(new TaskFailedException(task.name, taskId, failure));
        }
    }

    private void confirm(int taskId, String kind, String name) {
        try {
            calls.confirm(taskId, kind, name);
        } catch (ScheduledCalls.Mismatch mismatch) {
            throw new NonDeterministicOrchestrationException("Non-deterministic orchestration '" + started.name()
                    + "' (instance '" + started.instanceId() + "'): " + mismatch.getMessage() + ". Orchestrator "
                    + "code must make the same calls in the same order on every replay: do not change the code of an "
                    + "orchestrator while instances of it run (deploy it under a new name, or terminate and restart "
                    + "those instances), and use context.getCurrentInstant()/newUUID() instead of the clock, random "
                    + "values or I/O.");
        }
    }
}
