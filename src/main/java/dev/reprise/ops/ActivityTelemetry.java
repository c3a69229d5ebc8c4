package dev.reprise.ops;

import dev.reprise.api.FailureDetails;
import dev.reprise.api.HistoryEvent;
import dev.reprise.dispatch.Telemetry;
import dev.reprise.store.WorkItem;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

/**
 * One execution (delivery) of an activity as it is observed: its span ("activity NAME", a child of the span of the
 * step that scheduled it), its outcome and how long it ran.
 */
public final class ActivityTelemetry implements Telemetry.Activity {

    private final EngineMetrics metrics;
    private final String activity;
    private final Span span;
    private final long startNanos = System.nanoTime();

    ActivityTelemetry(EngineMetrics metrics, EngineTracing tracing, WorkItem item) {
        this.metrics = metrics;
        this.activity = item.name();
        this.span = tracing.startActivity(item);
    }

    /** Spans and log lines of the activity's own code then belong to its span. */
    @Override
    public Scope makeCurrent() {
        return span.makeCurrent();
    }

    @Override
    public void finished(HistoryEvent outcome) {
        boolean failed = outcome instanceof HistoryEvent.TaskFailed;
        metrics.activityExecuted(activity, failed, System.nanoTime() - startNanos);
        if (outcome instanceof HistoryEvent.TaskFailed f) {
            FailureDetails failure = f.failure();
            span.setStatus(StatusCode.ERROR, failure == null ? "failed"
                    : failure.errorType() + ": " + failure.errorMessage());
        }
    }

    @Override
    public void end(Throwable failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, "outcome not recorded: " + failure);
        }
        span.end();
    }
}
