package dev.reprise.api;

/**
 * Options for calling an activity or sub-orchestration, as durabletask-java's {@code TaskOptions}: a declarative
 * {@link RetryPolicy} or an imperative {@link RetryHandler} (at most one). Each retry is a new task with its own task
 * ID, after a durable timer; a failure marked non-retriable is never retried.
 */
public final class TaskOptions {

    private static final TaskOptions NONE = new TaskOptions(null, null);

    private final RetryPolicy retryPolicy;
    private final RetryHandler retryHandler;

    private TaskOptions(RetryPolicy retryPolicy, RetryHandler retryHandler) {
        this.retryPolicy = retryPolicy;
        this.retryHandler = retryHandler;
    }

    /** No retries: the first failure fails the task. */
    public static TaskOptions none() {
        return NONE;
    }

    /**
     * Retry according to {@code policy}, as Durable Functions' {@code CallActivityWithRetryAsync}.
     *
     * @throws NullPointerException when {@code policy} is {@code null}
     */
    public static TaskOptions withRetryPolicy(RetryPolicy policy) {
        return new TaskOptions(java.util.Objects.requireNonNull(policy, "policy must not be null"), null);
    }

    /**
     * Retry while {@code handler} returns a delay, as Durable Task's {@code RetryHandler}.
     *
     * @throws NullPointerException when {@code handler} is {@code null}
     */
    public static TaskOptions withRetryHandler(RetryHandler handler) {
        return new TaskOptions(null, java.util.Objects.requireNonNull(handler, "handler must not be null"));
    }

    /** The declarative policy, or {@code null} when there is none. */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** The imperative handler, or {@code null} when there is none. */
    public RetryHandler retryHandler() {
        return retryHandler;
    }

    /** {@code true} when a failed attempt may be retried. */
    public boolean hasRetry() {
        return retryPolicy != null || retryHandler != null;
    }
}
