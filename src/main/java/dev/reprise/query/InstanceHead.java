package dev.reprise.query;

import dev.reprise.api.OrchestrationRuntimeStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * The columns of an instance without its payloads, for pages that do not show them: Panache's projection selects
 * exactly these (its constructor's parameter names are the {@link InstanceRow} attributes), so large inputs and
 * outputs never leave the database.
 */
@RegisterForReflection
public record InstanceHead(String instanceId, String executionId, String name,
                           OrchestrationRuntimeStatus runtimeStatus, String failure, String parentInstanceId,
                           Instant createdAt, Instant lastUpdatedAt, Instant completedAt, Instant scheduledStartAt,
                           int historySize) {
}
