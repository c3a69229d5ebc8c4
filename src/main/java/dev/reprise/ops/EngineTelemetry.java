package dev.reprise.ops;

import dev.reprise.store.InstanceRecord;
import dev.reprise.store.WorkItem;
import jakarta.inject.Singleton;

/**
 * What the dispatchers report about their work: one call when a step or an activity execution begins, which returns
 * the object that records the rest (see {@link StepTelemetry}, {@link ActivityTelemetry}), and lease takeovers.
 * Everything here is cheap and never blocks.
 */
@Singleton
public class EngineTelemetry {

    private final EngineMetrics metrics;
    private final EngineTracing tracing;

    EngineTelemetry(EngineMetrics metrics, EngineTracing tracing) {
        this.metrics = metrics;
        this.tracing = tracing;
    }

    /** An orchestration step of {@code instance} begins. */
    public StepTelemetry startStep(InstanceRecord instance) {
        return new StepTelemetry(metrics, tracing, instance);
    }

    /** An execution (delivery) of {@code item} begins. */
    public ActivityTelemetry startActivity(WorkItem item) {
        return new ActivityTelemetry(metrics, tracing, item);
    }

    /** A claim took work over from a process whose lease had expired. */
    public void leaseTakenOver(EngineMetrics.LeaseKind kind) {
        metrics.leaseTakenOver(kind);
    }
}
