package dev.reprise.api;

import java.time.Duration;

/**
 * Imperative retry decision, as Durable Task's {@code RetryHandler}: runs inside the orchestrator (so it must be
 * deterministic) after each failed attempt. It is not asked about a failure marked non-retriable.
 */
@FunctionalInterface
public interface RetryHandler {

    /**
     * @param retryContext the failed attempt and the orchestration
     * @return the durable wait before the next attempt ({@link Duration#ZERO} for at once), or {@code null} (or a
     *         negative duration) to stop retrying and fail the task with the last failure
     */
    Duration nextDelay(RetryContext retryContext);
}
