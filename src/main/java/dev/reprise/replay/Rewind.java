package dev.reprise.replay;

import dev.reprise.api.HistoryEvent;
import dev.reprise.api.OrchestrationRuntimeStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a Failed execution's history is rewound, as Durable Functions' {@code RewindAsync}: a pure function of the
 * history, so it is tested without a database.
 *
 * <p>The step that failed (the last one: it recorded the ExecutionCompleted with status Failed) is taken out of
 * history; what it received is delivered again as the first new step, after an {@link HistoryEvent.ExecutionRewound},
 * except the failures of activities and sub-orchestrations, which run again. Everything earlier stays, so each
 * activity that succeeded before is not run again, and a failure the code handled in an earlier step stays handled
 * (rewinding it would change what the code did after it). The code then replays to where it failed and goes on with
 * the failed work still outstanding.
 *
 * <p>The rewound history stays valid however often an instance is rewound, and does not grow by it: a rewind removes
 * the failed step, and the step that only recorded the previous rewind if nothing else happened since.
 *
 * @param keep           how many events of the history stay (a prefix: the steps before the failed one)
 * @param redeliver      the events for the next step, in order: the rewind marker, then what the failed step
 *                       received, less the failures that are run again
 * @param tasksToRun     activities scheduled in the kept history without an outcome: they are queued again (their
 *                       earlier runs either failed or ended with the instance, so no success is run twice)
 * @param timersToSet    durable timers created in the kept history that have not fired: they are set again
 * @param pendingChildren sub-orchestrations created in the kept history without an outcome: each is rewound when
 *                       it failed, or its outcome is delivered again when it finished otherwise
 * @param heldLocks      entity IDs the kept history holds in a critical section: their locks were released when the
 *                       execution failed, so such an instance cannot be rewound (the store refuses it)
 */
public record Rewind(int keep, List<HistoryEvent> redeliver, List<HistoryEvent.TaskScheduled> tasksToRun,
                     List<HistoryEvent.TimerCreated> timersToSet,
                     List<HistoryEvent.SubOrchestrationInstanceCreated> pendingChildren, List<String> heldLocks) {

    /**
     * Plans the rewind of {@code history}, a Failed execution's.
     *
     * @param marker the event that records the rewind, first of the next step
     * @throws IllegalArgumentException when the history does not end with a failed step
     */
    public static Rewind of(List<HistoryEvent> history, HistoryEvent.ExecutionRewound marker) {
        int start = lastStepStart(history, history.size());
        if (start < 0 || !failedIn(history.subList(start, history.size()))) {
            throw new IllegalArgumentException("the history does not end with a failed step; only a Failed "
                    + "execution can be rewound");
        }
        int keep = start;
        int previous;
        // A step that only recorded an earlier rewind goes too: rewinding over and over adds nothing to history.
        while ((previous = lastStepStart(history, keep)) >= 0 && onlyRewound(history.subList(previous, keep))) {
            keep = previous;
        }
        List<HistoryEvent> kept = history.subList(0, keep);
        List<HistoryEvent> redeliver = new ArrayList<>();
        redeliver.add(marker);
        for (HistoryEvent e : history.subList(start + 1, history.size())) {
            if (isReceived(e) && !(e instanceof HistoryEvent.TaskFailed)
                    && !(e instanceof HistoryEvent.SubOrchestrationInstanceFailed)
                    && !(e instanceof HistoryEvent.ExecutionRewound)) {
                redeliver.add(e);
            }
        }
        Set<Integer> resolved = Outstanding.settled(List.of(kept, redeliver));
        List<HistoryEvent.TaskScheduled> tasks = new ArrayList<>();
        List<HistoryEvent.TimerCreated> timers = new ArrayList<>();
        for (HistoryEvent e : kept) {
            if (e instanceof HistoryEvent.TaskScheduled t && !resolved.contains(t.taskId())) {
                tasks.add(t);
            } else if (e instanceof HistoryEvent.TimerCreated t && !resolved.contains(t.taskId())) {
                timers.add(t);
            }
        }
        return new Rewind(keep, List.copyOf(redeliver), List.copyOf(tasks), List.copyOf(timers),
                Outstanding.children(List.of(kept, redeliver)), heldLocks(kept));
    }

    /** The entities locked (granted) and not unlocked in {@code history}, in grant order. */
    private static List<String> heldLocks(List<HistoryEvent> history) {
        Map<Integer, List<String>> requested = new HashMap<>();
        Set<String> held = new LinkedHashSet<>();
        for (HistoryEvent e : history) {
            if (e instanceof HistoryEvent.EntityLockRequested r) {
                requested.put(r.taskId(), r.entityIds());
            } else if (e instanceof HistoryEvent.EntityLockGranted g) {
                held.addAll(requested.getOrDefault(g.taskId(), List.of()));
            } else if (e instanceof HistoryEvent.EntityUnlockSent u) {
                u.entityIds().forEach(held::remove);
            }
        }
        return List.copyOf(held);
    }

    /** The position of the last OrchestratorStarted before {@code end}, or -1. */
    private static int lastStepStart(List<HistoryEvent> history, int end) {
        for (int i = end - 1; i >= 0; i--) {
            if (history.get(i) instanceof HistoryEvent.OrchestratorStarted) {
                return i;
            }
        }
        return -1;
    }

    private static boolean onlyRewound(List<HistoryEvent> step) {
        return step.stream().allMatch(e -> e instanceof HistoryEvent.OrchestratorStarted
                || e instanceof HistoryEvent.ExecutionRewound || e instanceof HistoryEvent.OrchestratorCompleted);
    }

    private static boolean failedIn(List<HistoryEvent> step) {
        return step.stream().anyMatch(e -> e instanceof HistoryEvent.ExecutionCompleted c
                && c.status() == OrchestrationRuntimeStatus.Failed);
    }

    /** Events a step received (as opposed to those its code or its end produced). */
    private static boolean isReceived(HistoryEvent e) {
        return e instanceof HistoryEvent.ExecutionStarted || Outstanding.outcomeOf(e) != null
                || e instanceof HistoryEvent.EventRaised || e instanceof HistoryEvent.ExecutionSuspended
                || e instanceof HistoryEvent.ExecutionResumed || e instanceof HistoryEvent.ExecutionRewound;
    }
}
