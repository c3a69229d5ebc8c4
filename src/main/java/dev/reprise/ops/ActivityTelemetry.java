package dev.reprise.ops;

import dev.reprise.history.HistoryEvent;
import dev.reprise.store.WorkItem;

/** One execution (delivery) of an activity as it is observed: its outcome and how long it ran. */
public final class ActivityTelemetry {

    private final EngineMetrics metrics;
    private final String activity;
    private final long startNanos = System.nanoTime();

    ActivityTelemetry(EngineMetrics metrics, WorkItem item) {
        this.metrics = metrics;
        this.activity = item.name();
    }

    /** The activity produced {@code outcome} (TaskCompleted or TaskFailed), before it is committed. */
    public void finished(HistoryEvent outcome) {
        metrics.activityExecuted(activity, outcome instanceof HistoryEvent.TaskFailed, System.nanoTime() - startNanos);
    }

    /** The execution is over, its outcome recorded or not ({@code failure} is why not, or {@code null}). */
    public void end(Throwable failure) {
        // Nothing to record beyond the outcome yet.
    }
}
