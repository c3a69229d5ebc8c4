package dev.reprise.dispatch;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cancellation state of the activities running in this process, by work item ID. An activity is cancelled when
 * its result can no longer matter: its execution ended (completed, failed, terminated, continued as new), which this
 * process learns at once when it committed that step itself, and otherwise at its next lease renewal (the ending
 * step removed the work item, so the renewal no longer finds it; a lease another worker took over reads the same).
 */
final class ActivityCancellations {

    /** One running activity: who it belongs to, whether it was told, and how to stop a reactive one. */
    static final class Running {
        final String instanceId;
        final String executionId;
        private volatile boolean requested;
        private volatile Runnable onCancel = () -> { };

        Running(String instanceId, String executionId) {
            this.instanceId = instanceId;
            this.executionId = executionId;
        }

        boolean requested() {
            return requested;
        }

        /** Runs {@code action} when cancellation is requested, at once if it already was. */
        void onCancel(Runnable action) {
            onCancel = action;
            if (requested) {
                action.run();
            }
        }

        void cancel() {
            requested = true;
            onCancel.run();
        }
    }

    private final Map<Long, Running> running = new ConcurrentHashMap<>();

    Running open(long workItemId, String instanceId, String executionId) {
        return running.computeIfAbsent(workItemId, id -> new Running(instanceId, executionId));
    }

    void close(long workItemId) {
        running.remove(workItemId);
    }

    /** Requests cancellation of the listed work items that still run here. */
    void cancel(Collection<Long> workItemIds) {
        for (Long id : workItemIds) {
            Running r = running.get(id);
            if (r != null) {
                r.cancel();
            }
        }
    }

    /** Requests cancellation of every activity of that execution running here. */
    void cancelExecution(String instanceId, String executionId) {
        running.values().stream().filter(r -> r.instanceId.equals(instanceId) && r.executionId.equals(executionId))
                .forEach(Running::cancel);
    }
}
