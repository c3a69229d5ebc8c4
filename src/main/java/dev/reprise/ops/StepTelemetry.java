package dev.reprise.ops;

import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.history.HistoryEvent;
import dev.reprise.replay.ReplayResult;
import dev.reprise.store.InstanceRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** One orchestration step as it is observed: its replay time, and what its commit changed. */
public final class StepTelemetry {

    private final EngineMetrics metrics;
    private final String orchestrator;

    StepTelemetry(EngineMetrics metrics, InstanceRecord instance) {
        this.metrics = metrics;
        this.orchestrator = instance.name();
    }

    /** Runs the replay and records how long it took. */
    public ReplayResult replay(Supplier<ReplayResult> replay) {
        long start = System.nanoTime();
        try {
            return replay.get();
        } finally {
            metrics.replayed(orchestrator, System.nanoTime() - start);
        }
    }

    /** The step committed: {@code before} is the instance as claimed, {@code now} the step's time. */
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
    }

    /** The step is over, committed or not ({@code failure} is why not, or {@code null}). */
    public void end(Throwable failure) {
        // Nothing to record beyond the commit yet.
    }
}
