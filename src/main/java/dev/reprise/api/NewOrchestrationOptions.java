package dev.reprise.api;

import java.time.Instant;

/**
 * How to start an orchestration with {@link DurableClient#scheduleNewOrchestration}, as durabletask-java's
 * {@code NewOrchestrationInstanceOptions}. Nothing is checked here; the start checks it.
 *
 * @param instanceId the instance ID (checked by {@link Names#instanceId} at the start), or {@code null} for a random
 *                   one
 * @param startAt    a time before which the orchestration does not start (it stays Pending), as Durable Task's
 *                   {@code StartAt}; {@code null} or a time already past for now
 */
public record NewOrchestrationOptions(String instanceId, Instant startAt) {

    /** Start now under {@code instanceId}, as the {@code instanceId} argument of Durable Functions' StartNewAsync. */
    public static NewOrchestrationOptions withInstanceId(String instanceId) {
        return new NewOrchestrationOptions(instanceId, null);
    }
}
