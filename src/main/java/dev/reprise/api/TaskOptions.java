package dev.reprise.api;

/**
 * Options for calling an activity or sub-orchestration: a declarative {@link RetryPolicy} or an imperative
 * {@link RetryHandler} (at most one).
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

    /** Retry according to {@code policy}, as Durable Functions' {@code CallActivityWithRetryAsync}. */
    public static TaskOptions withRetryPolicy(RetryPolicy policy) {
        return new TaskOptions(java.util.Objects.requireNonNull(policy, "policy must not be null"), null);
    }

    /** Retry while {@code handler} returns a delay. */
    public static TaskOptions withRetryHandler(RetryHandler handler) {
        return new TaskOptions(null, java.util.Objects.requireNonNull(handler, "handler must not be null"));
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    public RetryHandler retryHandler() {
        return retryHandler;
    }

    /** {@code true} when a failed attempt may be retried. */
    public boolean hasRetry() {
        return retryPolicy != null || retryHandler != null;
    }
}
