package dev.reprise.api;

/**
 * What an activity sees of its invocation. Activities run at least once: use {@link #getInstanceId()},
 * {@link #getTaskId()} as an idempotency key for side effects.
 */
public interface ActivityContext {

    /** The activity's registered name. */
    String getName();

    /**
     * The input deserialized as {@code type}, or {@code null} when none was given. Property names match ignoring
     * case, as Durable Functions reads .NET-shaped JSON; unknown properties are ignored.
     *
     * @throws NonRetriableException when the input does not fit {@code type}: a value of the wrong type, or an
     *                               unknown property that looks like a misspelling of an empty one; the message
     *                               names the activity and the property, and the activity is not retried
     */
    <T> T getInput(Class<T> type);

    /** Instance ID of the orchestration that scheduled this activity. */
    String getInstanceId();

    /** Sequence number of the scheduling step within its orchestration; stable across redeliveries. */
    int getTaskId();

    /**
     * How many times this work item has been delivered, starting at 1: greater after a lease expired or a replica
     * crashed while the activity ran (the same task run again). Retries of a {@link RetryPolicy} are new tasks with
     * new task IDs, each delivered from 1.
     */
    int getDeliveryCount();
}
