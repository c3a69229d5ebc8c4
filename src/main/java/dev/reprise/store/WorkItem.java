package dev.reprise.store;

/**
 * An activity invocation waiting for, or held by, an activity worker.
 *
 * @param deliveryCount how many times it has been claimed, including this claim
 */
public record WorkItem(long id, String instanceId, String executionId, int taskId, String name, String input,
                       int deliveryCount) {
}
