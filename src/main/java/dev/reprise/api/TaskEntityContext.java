package dev.reprise.api;

import java.time.Instant;

/**
 * What an entity operation may do beyond its own state, as durabletask-java's {@code TaskEntityContext}. Messages it
 * sends are committed with the batch, and dropped if the operation throws.
 */
public interface TaskEntityContext {

    /** The entity's ID. */
    EntityInstanceId getId();

    /**
     * Signals another entity (or this one) once the batch commits; see
     * {@link #signalEntity(EntityInstanceId, String, Object, Instant)}.
     */
    default void signalEntity(EntityInstanceId id, String operation, Object input) {
        signalEntity(id, operation, input, null);
    }

    /**
     * Signals an entity, as Durable Functions' {@code Entity.Current.SignalEntity}: one-way, no result.
     *
     * @param scheduledTime when the operation may run, or {@code null} for at once
     * @throws InvalidRequestException  when {@code operation} breaks {@link Names#operationName}
     * @throws IllegalArgumentException when {@code input} cannot be serialized to JSON
     */
    void signalEntity(EntityInstanceId id, String operation, Object input, Instant scheduledTime);

    /**
     * Starts an orchestration once the batch commits, as Durable Functions'
     * {@code Entity.Current.StartNewOrchestration}.
     *
     * @param instanceId the instance ID, or {@code null} for a random one; an ID some instance already has is left
     *                   to that instance (nothing is started)
     * @return the instance ID
     * @throws UnknownFunctionException when no orchestrator has that name
     * @throws InvalidRequestException  when {@code instanceId} breaks {@link Names#instanceId}
     */
    String scheduleNewOrchestration(String name, Object input, String instanceId);
}
