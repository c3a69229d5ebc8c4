package dev.reprise.replay;

import dev.reprise.api.HistoryEvent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What an execution's history still waits for: work it scheduled whose outcome has not been recorded. */
final class Outstanding {

    private Outstanding() {
    }

    /** The task IDs settled by an outcome in any of {@code histories}. */
    static Set<Integer> settled(List<List<HistoryEvent>> histories) {
        Set<Integer> settled = new HashSet<>();
        for (List<HistoryEvent> events : histories) {
            for (HistoryEvent e : events) {
                Integer id = outcomeOf(e);
                if (id != null) {
                    settled.add(id);
                }
            }
        }
        return settled;
    }

    /** The sub-orchestrations created in {@code histories} that have no outcome in them, in creation order. */
    static List<HistoryEvent.SubOrchestrationInstanceCreated> children(List<List<HistoryEvent>> histories) {
        Set<Integer> settled = settled(histories);
        List<HistoryEvent.SubOrchestrationInstanceCreated> out = new ArrayList<>();
        for (List<HistoryEvent> events : histories) {
            for (HistoryEvent e : events) {
                if (e instanceof HistoryEvent.SubOrchestrationInstanceCreated c && !settled.contains(c.taskId())) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** The task ID an outcome event settles, or {@code null} for any other event. */
    static Integer outcomeOf(HistoryEvent e) {
        if (e instanceof HistoryEvent.TaskCompleted c) {
            return c.taskId();
        } else if (e instanceof HistoryEvent.TaskFailed f) {
            return f.taskId();
        } else if (e instanceof HistoryEvent.TimerFired f) {
            return f.taskId();
        } else if (e instanceof HistoryEvent.SubOrchestrationInstanceCompleted c) {
            return c.taskId();
        } else if (e instanceof HistoryEvent.SubOrchestrationInstanceFailed f) {
            return f.taskId();
        } else if (e instanceof HistoryEvent.EntityOperationCompleted c) {
            return c.taskId();
        } else if (e instanceof HistoryEvent.EntityOperationFailed f) {
            return f.taskId();
        } else if (e instanceof HistoryEvent.EntityLockGranted g) {
            return g.taskId();
        }
        return null;
    }
}
