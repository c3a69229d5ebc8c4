package dev.reprise.api;

/**
 * What an activity sees of its invocation, as Durable Functions' {@code IDurableActivityContext} (durabletask-java's
 * {@code TaskActivityContext}). Activities run at least once: use {@link #getInstanceId()} and {@link #getTaskId()}
 * together as an idempotency key for side effects.
 */
public interface ActivityContext {

    /** The activity's registered name. */
    String getName();

    /**
     * The input read from its JSON as {@code type}, as Durable Functions' {@code GetInput<T>}. Property names match
     * ignoring case, as Durable Functions reads .NET-shaped JSON; unknown properties are ignored.
     *
     * @return the input, or {@code null} when none was given
     * @throws NonRetriableException when the input does not fit {@code type}: a value of the wrong type, or an
     *                               unknown property that looks like a misspelling of an empty one; the message
     *                               names the activity and the property, and the activity is not retried
     */
    <T> T getInput(Class<T> type);

    /** Instance ID of the orchestration that scheduled this activity. */
    String getInstanceId();

    /**
     * The task ID the orchestration gave this call within its execution (the TaskScheduled event's); the same on
     * every redelivery, new for every retry.
     */
    int getTaskId();

    /**
     * How many times this work item has been delivered, starting at 1: greater after a lease expired or a replica
     * crashed while the activity ran (the same task run again). Retries of a {@link RetryPolicy} are new tasks with
     * new task IDs, each delivered from 1.
     */
    int getDeliveryCount();

    /**
     * Whether the result of this run no longer matters, as a .NET activity's cancellation token: its orchestration
     * execution ended (it was terminated, or it completed, failed or continued as new without it), or its lease was
     * lost to another worker. A long blocking activity should check it and stop early; its result, if any, is
     * dropped. It becomes {@code true} at once when this process committed the step that ended the execution, and
     * otherwise within a third of {@code reprise.activities.lease-duration} (at the next lease renewal). A reactive
     * activity ({@link AsyncActivityFunction}) is told by the cancellation of its {@code Uni} instead.
     */
    boolean isCancellationRequested();
}
