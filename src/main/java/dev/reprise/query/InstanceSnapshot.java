package dev.reprise.query;

import dev.reprise.api.FailureDetails;
import dev.reprise.api.OrchestrationRuntimeStatus;

import java.time.Instant;

/**
 * An orchestration instance as the query side read it. Payloads ({@code input}, {@code output}, {@code customStatus})
 * are JSON text, {@code null} when the query did not fetch them.
 *
 * @param parentInstanceId for a sub-orchestration, its parent's instance ID, otherwise {@code null}
 * @param completedAt      when it reached Completed, Failed or Terminated, or {@code null}
 * @param scheduledStartAt the start time it was scheduled for, or {@code null} for a start at once
 * @param historySize      how many history events its current execution has
 */
public record InstanceSnapshot(String instanceId, String executionId, String name,
                               OrchestrationRuntimeStatus runtimeStatus, String input, String output,
                               String customStatus, FailureDetails failure, String parentInstanceId,
                               Instant createdAt, Instant lastUpdatedAt, Instant completedAt,
                               Instant scheduledStartAt, int historySize) {
}
