package dev.reprise.api;

/**
 * What an activity sees of its invocation, as Durable Functions' {@code IDurableActivityContext} (durabletask-java's
 * {@code TaskActivityContext}). Activities run at least once: use {@link #getExecutionId()} and {@link #getTaskId()}
 * together as an idempotency key for side effects. The instance ID is not enough: task IDs start again at 0 after
 * continue-as-new and when a finished instance's ID is reused, while every execution has an ID of its own.
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
     * The ID of the orchestration execution that scheduled this activity, as Durable Functions' execution ID: a
     * random UUID, new at every start of the instance (also when its ID is reused) and at every continue-as-new.
     * Together with {@link #getTaskId()} it is unique for a call, the same on every redelivery: the idempotency key.
     */
    String getExecutionId();

    /**
     * The task ID the orchestration gave this call within its execution (the TaskScheduled event's); the same on
     * every redelivery, new for every retry. Unique only within the execution ({@link #getExecutionId()}).
     */
    int getTaskId();

    /**
     * How many times this work item has been delivered, starting at 1: greater after a lease expired or a replica
     * crashed while the activity ran (the same task run again). Retries of a {@link RetryPolicy} are new tasks with
     * new task IDs, each delivered from 1.
     */
    int getDeliveryCount();

    /**
     * Records that this activity is still making progress, as Temporal's {@code Activity.getExecutionContext()
     * .heartbeat()}. Cheap (kept in memory by the process running the attempt, nothing is written); call it from
     * long-running activities whose call set a {@link TaskOptions#withHeartbeatTimeout heartbeat timeout}: an
     * attempt that goes that long without a heartbeat fails with {@link ActivityTimeoutException}. Without a
     * heartbeat timeout it has no effect.
     */
    void heartbeat();

    /**
     * Whether the result of this run no longer matters, as a .NET activity's cancellation token: its orchestration
     * execution ended (it was terminated, or it completed, failed or continued as new without it), its lease was
     * lost to another worker, or it ran past its start-to-close or heartbeat timeout ({@link TaskOptions}). A long
     * blocking activity should check it and stop early; its result, if any, is dropped. It becomes {@code true} at
     * once when this process committed the step that ended the execution or saw the timeout pass, and otherwise
     * within a third of {@code reprise.activities.lease-duration} (at the next lease renewal). A reactive
     * activity ({@link AsyncActivityFunction}) is told by the cancellation of its {@code Uni} instead.
     */
    boolean isCancellationRequested();
}
