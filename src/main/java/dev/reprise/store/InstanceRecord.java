package dev.reprise.store;

import dev.reprise.api.FailureDetails;
import dev.reprise.api.OrchestrationRuntimeStatus;

import java.time.Instant;

/**
 * One row of {@code reprise_instances}: an orchestration instance's current state.
 *
 * @param parentExecutionId for a sub-orchestration, the parent execution that started it (its result goes to that
 *                          execution only), or {@code null}
 * @param traceParent       the W3C {@code traceparent} of the span that created the instance (every step's span is its
 *                          child), or {@code null} when it was created without tracing
 * @param version           the orchestration version it was started with, {@code ""} for none
 */
public record InstanceRecord(String instanceId, String executionId, String name,
                             OrchestrationRuntimeStatus runtimeStatus, String input, String output,
                             String customStatus, FailureDetails failure, String parentInstanceId,
                             Integer parentTaskId, String parentExecutionId, Instant createdAt, Instant lastUpdatedAt,
                             Instant completedAt, Instant scheduledStartAt, String traceParent, String version) {

    /** As the canonical constructor, for an instance without a version. */
    public InstanceRecord(String instanceId, String executionId, String name,
                          OrchestrationRuntimeStatus runtimeStatus, String input, String output,
                          String customStatus, FailureDetails failure, String parentInstanceId,
                          Integer parentTaskId, String parentExecutionId, Instant createdAt, Instant lastUpdatedAt,
                          Instant completedAt, Instant scheduledStartAt, String traceParent) {
        this(instanceId, executionId, name, runtimeStatus, input, output, customStatus, failure, parentInstanceId,
                parentTaskId, parentExecutionId, createdAt, lastUpdatedAt, completedAt, scheduledStartAt, traceParent,
                "");
    }
}
