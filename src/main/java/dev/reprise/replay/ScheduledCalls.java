package dev.reprise.replay;

import dev.reprise.api.HistoryEvent;
import dev.reprise.history.OrchestratorAction;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The durable calls the code made, by task ID, matched against the history: each scheduling event history recorded
 * must be the call the code made under the same task ID (same kind, same name), or the replay is non-deterministic.
 * Calls history has not confirmed yet are this step's new actions; calls not yet completed wait for their outcome.
 */
final class ScheduledCalls {

    /** A call of the code: the action it asks for and the history event that records it. */
    private record Call(OrchestratorAction action, HistoryEvent event, String kind, String name) {
    }

    /** Thrown by {@link #confirm} with what history recorded and what the code asked for. */
    static final class Mismatch extends Exception {
        Mismatch(String message) {
            super(message, null, false, false);
        }
    }

    private final TreeMap<Integer, Call> unconfirmed = new TreeMap<>();
    private final Map<Integer, DurableTask<?>> open = new HashMap<>();

    /** The code called: {@code task} (when it awaits an outcome) completes when history holds it. */
    void record(int taskId, OrchestratorAction action, HistoryEvent event, String kind, String name,
                DurableTask<?> task) {
        unconfirmed.put(taskId, new Call(action, event, kind, name));
        if (task != null) {
            open.put(taskId, task);
        }
    }

    /**
     * History recorded that task {@code taskId} was scheduled as {@code kind} {@code name}.
     *
     * @throws Mismatch when the code made no such call under that task ID
     */
    void confirm(int taskId, String kind, String name) throws Mismatch {
        Call call = unconfirmed.remove(taskId);
        if (call == null) {
            throw new Mismatch("history recorded " + kind + " #" + taskId + " '" + name
                    + "', but the code did not schedule task #" + taskId + " before waiting");
        }
        if (!call.kind().equals(kind) || !java.util.Objects.equals(call.name(), name)) {
            throw new Mismatch("history recorded " + kind + " #" + taskId + " '" + name + "', but the code asked for "
                    + call.kind() + " #" + taskId + " '" + call.name() + "'");
        }
    }

    /** The task waiting for the outcome of {@code taskId}, which no longer waits; {@code null} when none does. */
    DurableTask<?> outcomeArrived(int taskId) {
        return open.remove(taskId);
    }

    /** Appends the calls history has not confirmed, as actions and history events stamped {@code stepTime}. */
    void collectNew(List<OrchestratorAction> actions, List<HistoryEvent> newHistory, Instant stepTime) {
        for (Call call : unconfirmed.values()) {
            actions.add(call.action());
            newHistory.add(withTimestamp(call.event(), stepTime));
        }
    }

    private static HistoryEvent withTimestamp(HistoryEvent e, Instant t) {
        if (e instanceof HistoryEvent.TaskScheduled s) {
            return new HistoryEvent.TaskScheduled(t, s.taskId(), s.name(), s.input());
        } else if (e instanceof HistoryEvent.TimerCreated s) {
            return new HistoryEvent.TimerCreated(t, s.taskId(), s.fireAt());
        } else if (e instanceof HistoryEvent.SubOrchestrationInstanceCreated s) {
            return new HistoryEvent.SubOrchestrationInstanceCreated(t, s.taskId(), s.name(), s.instanceId(),
                    s.input());
        } else if (e instanceof HistoryEvent.EventSent s) {
            return new HistoryEvent.EventSent(t, s.taskId(), s.targetInstanceId(), s.name(), s.input());
        } else if (e instanceof HistoryEvent.EntityOperationCalled s) {
            return new HistoryEvent.EntityOperationCalled(t, s.taskId(), s.entityId(), s.operation(), s.input());
        } else if (e instanceof HistoryEvent.EntityOperationSignaled s) {
            return new HistoryEvent.EntityOperationSignaled(t, s.taskId(), s.entityId(), s.operation(), s.input(),
                    s.scheduledTime());
        } else if (e instanceof HistoryEvent.EntityLockRequested s) {
            return new HistoryEvent.EntityLockRequested(t, s.taskId(), s.entityIds());
        } else if (e instanceof HistoryEvent.EntityUnlockSent s) {
            return new HistoryEvent.EntityUnlockSent(t, s.taskId(), s.entityIds());
        }
        return e;
    }
}
