package dev.reprise.ops;

import dev.reprise.api.FailureDetails;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.HistoryEvent;
import dev.reprise.dispatch.Telemetry;
import dev.reprise.replay.ReplayResult;
import dev.reprise.store.InstanceRecord;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import java.time.Duration;
import java.time.Instant;

/**
 * One orchestration step as it is observed: its span ("orchestration NAME step", a child of the instance's stored
 * trace context), its replay time, and what its commit changed.
 */
public final class StepTelemetry implements Telemetry.Step {

    private final EngineMetrics metrics;
    private final String orchestrator;
    private final Span span;
    private final String traceParent;

    StepTelemetry(EngineMetrics metrics, EngineTracing tracing, InstanceRecord instance) {
        this.metrics = metrics;
        this.orchestrator = instance.name();
        this.span = tracing.startStep(instance);
        this.traceParent = EngineTracing.traceParent(Context.root().with(span));
    }

    @Override
    public String traceParent() {
        return traceParent;
    }

    @Override
    public Scope makeCurrent() {
        return span.makeCurrent();
    }

    @Override
    public void replayed(long nanos) {
        metrics.replayed(orchestrator, nanos);
    }

    @Override
    public void committed(InstanceRecord before, ReplayResult result, Instant now) {
        boolean started = false;
        for (HistoryEvent event : result.newHistory()) {
            if (event instanceof HistoryEvent.ExecutionStarted) {
                started = true;
            } else if (event instanceof HistoryEvent.TimerFired timer) {
                metrics.timerFired(orchestrator, Duration.between(timer.fireAt(), now));
            }
        }
        if (started && before.runtimeStatus() == OrchestrationRuntimeStatus.Pending) {
            metrics.orchestrationStarted(orchestrator);
        }
        if (result.status().isTerminal()) {
            metrics.orchestrationFinished(orchestrator, result.status());
        }
        span.setAttribute(EngineTracing.RUNTIME_STATUS, result.status().name());
        FailureDetails failure = result.failure();
        if (result.status() == OrchestrationRuntimeStatus.Failed && failure != null) {
            span.setStatus(StatusCode.ERROR, failure.errorType() + ": " + failure.errorMessage());
        }
    }

    /** Ends the step's span. */
    @Override
    public void end(Throwable failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, "step not committed: " + failure);
        }
        span.end();
    }
}
