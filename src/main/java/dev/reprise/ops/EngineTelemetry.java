package dev.reprise.ops;

import dev.reprise.dispatch.Telemetry;
import dev.reprise.store.InstanceRecord;
import dev.reprise.store.WorkItem;
import jakarta.inject.Singleton;

/**
 * The engine's {@link Telemetry}, as metrics ({@link EngineMetrics}) and spans ({@link EngineTracing}).
 */
@Singleton
public class EngineTelemetry implements Telemetry {

    private final EngineMetrics metrics;
    private final EngineTracing tracing;

    EngineTelemetry(EngineMetrics metrics, EngineTracing tracing) {
        this.metrics = metrics;
        this.tracing = tracing;
    }

    @Override
    public StepTelemetry startStep(InstanceRecord instance) {
        return new StepTelemetry(metrics, tracing, instance);
    }

    @Override
    public ActivityTelemetry startActivity(WorkItem item) {
        return new ActivityTelemetry(metrics, tracing, item);
    }

    @Override
    public void leaseTakenOver(LeaseKind kind) {
        metrics.leaseTakenOver(kind);
    }

    @Override
    public String currentTraceParent() {
        return tracing.currentTraceParent();
    }
}
