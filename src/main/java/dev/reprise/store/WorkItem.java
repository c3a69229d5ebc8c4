package dev.reprise.store;

import java.time.Duration;
import java.time.Instant;

/**
 * An activity invocation waiting for, or held by, an activity worker.
 *
 * @param deliveryCount    how many times it has been claimed, including this claim
 * @param traceParent      the W3C {@code traceparent} of the step that scheduled it (its execution's span is a child of
 *                         it), or {@code null} when that step ran without tracing
 * @param heartbeatTimeout the attempt's heartbeat timeout, or {@code null} for none
 * @param timeout          the attempt's start-to-close timeout, or {@code null} for none
 * @param deadline         when the attempt's start-to-close time ends (set when it first started), or {@code null}
 */
public record WorkItem(long id, String instanceId, String executionId, int taskId, String name, String input,
                       int deliveryCount, String traceParent, Duration timeout, Duration heartbeatTimeout,
                       Instant deadline) {

    /** An invocation without timeouts. */
    public WorkItem(long id, String instanceId, String executionId, int taskId, String name, String input,
                    int deliveryCount, String traceParent) {
        this(id, instanceId, executionId, taskId, name, input, deliveryCount, traceParent, null, null, null);
    }

    /** {@code true} when a timeout bounds this attempt, so its runner must watch it. */
    public boolean hasTimeout() {
        return timeout != null || heartbeatTimeout != null;
    }
}
