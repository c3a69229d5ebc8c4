package dev.reprise.store;

/**
 * An activity invocation waiting for, or held by, an activity worker.
 *
 * @param deliveryCount how many times it has been claimed, including this claim
 * @param traceParent   the W3C {@code traceparent} of the step that scheduled it (its execution's span is a child of
 *                      it), or {@code null} when that step ran without tracing
 */
public record WorkItem(long id, String instanceId, String executionId, int taskId, String name, String input,
                       int deliveryCount, String traceParent) {
}
