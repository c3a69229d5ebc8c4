package dev.reprise.dispatch;

import dev.reprise.api.EntityInstanceId;
import dev.reprise.history.EntityMessage;
import dev.reprise.store.InstanceRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Set;

/**
 * The engine as the client and the HTTP API see it: which orchestrators and entities this process runs, entity
 * signals, a nudge when work was queued, completion signals and the scale-to-zero tick. Everything else of the
 * dispatchers stays inside this package.
 */
@ApplicationScoped
public class Engine {

    private final FunctionRegistry registry;
    private final Wakeups wakeups;
    private final CompletionSignals completions;
    private final TickService tick;
    private final Telemetry telemetry;
    private final OrchestrationDispatcher orchestrations;
    @jakarta.inject.Inject
    EntityDispatcher entities;

    Engine(FunctionRegistry registry, Wakeups wakeups, CompletionSignals completions, TickService tick,
           Telemetry telemetry, OrchestrationDispatcher orchestrations) {
        this.orchestrations = orchestrations;
        this.registry = registry;
        this.wakeups = wakeups;
        this.completions = completions;
        this.tick = tick;
        this.telemetry = telemetry;
    }

    /** {@code true} when an orchestrator of that name is registered in this application. */
    public boolean runsOrchestrator(String name) {
        return name != null && registry.orchestrator(name) != null;
    }

    /** The registered orchestrator names, sorted. */
    public Set<String> orchestratorNames() {
        return registry.orchestratorNames();
    }

    /**
     * Starts {@code instance} (Pending, with its start message) in one commit; while the dispatchers run, it is kept
     * here and its first step runs at once.
     *
     * @param replaceFinished whether it replaces a finished instance of the same ID (see
     *                        {@code InstanceIdReusePolicy})
     * @return {@code false} when an instance with that ID exists and may not be replaced (nothing was written)
     */
    public Uni<Boolean> start(InstanceRecord instance, boolean replaceFinished) {
        return orchestrations.start(instance, replaceFinished);
    }

    /** {@code true} when an entity of that name (any case) is registered in this application. */
    public boolean runsEntity(String name) {
        return name != null && registry.runsEntity(name);
    }

    /** The registered entity names, as declared. */
    public java.util.Collection<String> entityNames() {
        return registry.entityNames();
    }

    /**
     * Queues a client's signal for {@code entity} (group-committed with others) and wakes the entity dispatcher;
     * signals submitted one after the other are queued in that order.
     *
     * @param visibleAt when the operation may run, or {@code null} for at once
     */
    public Uni<Void> signalEntity(EntityInstanceId entity, String operation, String inputJson, Instant visibleAt) {
        return entities.signal(entity, EntityMessage.signal(operation, inputJson), visibleAt);
    }

    /** Messages for entities were committed: look for entity work now instead of at the next poll. */
    public void entityWorkQueued() {
        wakeups.entities();
    }

    /** Messages for orchestrations were committed: look for due steps now instead of at the next poll. */
    public void orchestrationWorkQueued() {
        wakeups.orchestrations();
    }

    /** Work items were committed: look for activities to run now instead of at the next poll. */
    public void activityWorkQueued() {
        wakeups.activities();
    }

    /**
     * Registers {@code listener} to run once {@code instanceId} reaches a terminal state in this process; returns a
     * handle that unregisters it. Instances finished by another replica are not signalled: poll as well.
     */
    public Runnable onCompletion(String instanceId, Runnable listener) {
        return completions.onCompletion(instanceId, listener);
    }

    /** The W3C {@code traceparent} of the caller's current span, or {@code null} without tracing. */
    public String currentTraceParent() {
        return telemetry.currentTraceParent();
    }

    /** Fires due durable timers and drains due work for a bounded time (see {@link TickService}). */
    public Uni<TickService.TickReport> tick() {
        return tick.tick();
    }
}
