package dev.reprise.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Options for calling an activity or sub-orchestration, as durabletask-java's {@code TaskOptions}: a declarative
 * {@link RetryPolicy} or an imperative {@link RetryHandler} (at most one). Each retry is a new task with its own task
 * ID, after a durable timer; a failure marked non-retriable is never retried.
 *
 * <p>For activities only, timeouts as Temporal's activity options: a start-to-close timeout bounds each attempt, and a
 * heartbeat timeout bounds the time between two {@link ActivityContext#heartbeat()} calls. An attempt that breaks
 * either fails with {@link ActivityTimeoutException} as its failure's type (seen by the orchestrator as a
 * {@link TaskFailedException}); it counts as an attempt for the retry policy, like any failure. Options are immutable:
 * every {@code with...} method returns a copy.
 */
public final class TaskOptions {

    private static final TaskOptions NONE = new TaskOptions(null, null, null, null);

    private final RetryPolicy retryPolicy;
    private final RetryHandler retryHandler;
    private final Duration startToCloseTimeout;
    private final Duration heartbeatTimeout;

    private TaskOptions(RetryPolicy retryPolicy, RetryHandler retryHandler, Duration startToCloseTimeout,
                        Duration heartbeatTimeout) {
        this.retryPolicy = retryPolicy;
        this.retryHandler = retryHandler;
        this.startToCloseTimeout = startToCloseTimeout;
        this.heartbeatTimeout = heartbeatTimeout;
    }

    /** No retries and no timeouts: the first failure fails the task. */
    public static TaskOptions none() {
        return NONE;
    }

    /**
     * Retry according to {@code policy}, as Durable Functions' {@code CallActivityWithRetryAsync}.
     *
     * @throws NullPointerException when {@code policy} is {@code null}
     */
    public static TaskOptions withRetryPolicy(RetryPolicy policy) {
        return new TaskOptions(Objects.requireNonNull(policy, "policy must not be null"), null, null, null);
    }

    /**
     * Retry while {@code handler} returns a delay, as Durable Task's {@code RetryHandler}.
     *
     * @throws NullPointerException when {@code handler} is {@code null}
     */
    public static TaskOptions withRetryHandler(RetryHandler handler) {
        return new TaskOptions(null, Objects.requireNonNull(handler, "handler must not be null"), null, null);
    }

    /**
     * These options with a start-to-close timeout for each attempt of an activity, as Temporal's
     * {@code StartToCloseTimeout}: an attempt still running {@code timeout} after it started fails with
     * {@link ActivityTimeoutException}, its lease is no longer renewed and its late result is dropped. The deadline
     * is stored with the work item when the attempt starts, so a redelivery after a crash keeps it, and the replica
     * that claims an attempt past its deadline fails it without running it. Enforced to within about 100 ms.
     *
     * @param timeout positive, at least 1 ms
     * @throws IllegalArgumentException when {@code timeout} is below 1 ms
     * @throws NullPointerException     when {@code timeout} is {@code null}
     */
    public TaskOptions withStartToCloseTimeout(Duration timeout) {
        return new TaskOptions(retryPolicy, retryHandler, positive("startToCloseTimeout", timeout), heartbeatTimeout);
    }

    /**
     * These options with a heartbeat timeout for an activity, as Temporal's {@code HeartbeatTimeout}: an attempt that
     * goes {@code timeout} without calling {@link ActivityContext#heartbeat()} (counted from its start, then from its
     * last heartbeat) fails with {@link ActivityTimeoutException}. Heartbeats are watched by the process that runs the
     * attempt; after a crash, the redelivered attempt's heartbeat time starts at its new start.
     *
     * @param timeout positive, at least 1 ms
     * @throws IllegalArgumentException when {@code timeout} is below 1 ms
     * @throws NullPointerException     when {@code timeout} is {@code null}
     */
    public TaskOptions withHeartbeatTimeout(Duration timeout) {
        return new TaskOptions(retryPolicy, retryHandler, startToCloseTimeout, positive("heartbeatTimeout", timeout));
    }

    private static Duration positive(String name, Duration timeout) {
        Objects.requireNonNull(timeout, name + " must not be null");
        if (timeout.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms, was " + timeout);
        }
        return timeout;
    }

    /** The declarative policy, or {@code null} when there is none. */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** The imperative handler, or {@code null} when there is none. */
    public RetryHandler retryHandler() {
        return retryHandler;
    }

    /** The start-to-close timeout of each activity attempt, or {@code null} when there is none. */
    public Duration startToCloseTimeout() {
        return startToCloseTimeout;
    }

    /** The heartbeat timeout of each activity attempt, or {@code null} when there is none. */
    public Duration heartbeatTimeout() {
        return heartbeatTimeout;
    }

    /** {@code true} when a failed attempt may be retried. */
    public boolean hasRetry() {
        return retryPolicy != null || retryHandler != null;
    }

    /** {@code true} when an activity timeout is set. */
    public boolean hasTimeout() {
        return startToCloseTimeout != null || heartbeatTimeout != null;
    }
}
