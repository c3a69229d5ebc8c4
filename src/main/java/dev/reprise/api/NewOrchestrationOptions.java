package dev.reprise.api;

import java.time.Instant;

/**
 * How to start an orchestration.
 *
 * @param instanceId the instance ID, or {@code null} for a random one
 * @param startAt    a time before which the orchestration does not start, or {@code null} for now
 */
public record NewOrchestrationOptions(String instanceId, Instant startAt) {

    public static NewOrchestrationOptions withInstanceId(String instanceId) {
        return new NewOrchestrationOptions(instanceId, null);
    }
}
