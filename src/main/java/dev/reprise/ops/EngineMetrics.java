package dev.reprise.ops;

import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.dispatch.FunctionRegistry;
import dev.reprise.dispatch.Telemetry.LeaseKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Reprise's own meters, exported at {@code /q/metrics}. Tags carry orchestrator and activity names only, never instance
 * IDs, and only names registered in this application: anything else (an activity an orchestrator misnamed, an
 * orchestration started by a replica with other code) is tagged {@value #UNREGISTERED}, so the number of series stays
 * bounded by the code deployed.
 */
@Singleton
public class EngineMetrics {

    public static final String ORCHESTRATIONS_STARTED = "reprise.orchestrations.started";
    public static final String ORCHESTRATIONS_FINISHED = "reprise.orchestrations.finished";
    public static final String REPLAY = "reprise.orchestrations.replay";
    public static final String ACTIVITIES_EXECUTED = "reprise.activities.executed";
    public static final String ACTIVITY_DURATION = "reprise.activities.duration";
    public static final String LEASE_TAKEOVERS = "reprise.leases.takeovers";
    public static final String TIMER_LATENESS = "reprise.timers.lateness";
    /** The name tag of functions this application does not register. */
    public static final String UNREGISTERED = "<unregistered>";

    private final MeterRegistry registry;
    private final FunctionRegistry functions;
    private final Counter orchestrationTakeovers;
    private final Counter activityTakeovers;

    EngineMetrics(MeterRegistry registry, FunctionRegistry functions) {
        this.registry = registry;
        this.functions = functions;
        // Registered up front, so a dashboard sees 0 rather than no series until the first takeover.
        this.orchestrationTakeovers = takeovers(LeaseKind.ORCHESTRATION);
        this.activityTakeovers = takeovers(LeaseKind.ACTIVITY);
    }

    private Counter takeovers(LeaseKind kind) {
        return Counter.builder(LEASE_TAKEOVERS)
                .description("Claims that took work over from another process whose lease had expired")
                .tag("kind", kind.name().toLowerCase(Locale.ROOT)).register(registry);
    }

    /** An instance ran its first step (its ExecutionStarted was applied). */
    public void orchestrationStarted(String orchestrator) {
        Counter.builder(ORCHESTRATIONS_STARTED)
                .description("Orchestration instances that began running (their first step was committed)")
                .tag("name", orchestratorTag(orchestrator)).register(registry).increment();
    }

    /** An instance reached Completed, Failed or Terminated. */
    public void orchestrationFinished(String orchestrator, OrchestrationRuntimeStatus status) {
        Counter.builder(ORCHESTRATIONS_FINISHED)
                .description("Orchestration instances that reached Completed, Failed or Terminated")
                .tag("name", orchestratorTag(orchestrator)).tag("status", status.name())
                .register(registry).increment();
    }

    /** One replay of an orchestrator's code (one step), from history load to the step's result. */
    public void replayed(String orchestrator, long nanos) {
        Timer.builder(REPLAY)
                .description("Time to replay an orchestrator against its history and the step's new messages")
                .tag("name", orchestratorTag(orchestrator)).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One execution of an activity, to its outcome (before the outcome is committed). */
    public void activityExecuted(String activity, boolean failed, long nanos) {
        String name = activityTag(activity);
        Counter.builder(ACTIVITIES_EXECUTED)
                .description("Activity executions (deliveries), by outcome: completed or failed")
                .tag("name", name).tag("outcome", failed ? "failed" : "completed").register(registry).increment();
        Timer.builder(ACTIVITY_DURATION)
                .description("Time an activity execution took, whatever its outcome")
                .tag("name", name).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** This process claimed work whose previous holder's lease had expired. */
    public void leaseTakenOver(LeaseKind kind) {
        (kind == LeaseKind.ORCHESTRATION ? orchestrationTakeovers : activityTakeovers).increment();
    }

    /** A durable timer was applied {@code lateness} after it was due. */
    public void timerFired(String orchestrator, Duration lateness) {
        Timer.builder(TIMER_LATENESS)
                .description("How long after its due time a durable timer was applied to its orchestration")
                .tag("name", orchestratorTag(orchestrator)).register(registry)
                .record(lateness.isNegative() ? Duration.ZERO : lateness);
    }

    private String orchestratorTag(String name) {
        return name != null && functions.orchestrator(name) != null ? name : UNREGISTERED;
    }

    private String activityTag(String name) {
        return name != null && functions.activity(name) != null ? name : UNREGISTERED;
    }
}
