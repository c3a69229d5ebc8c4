package dev.reprise.api;

import java.time.Duration;

/**
 * What a {@link RetryHandler} sees after a failed attempt, as Durable Task's {@code RetryContext}.
 *
 * @param lastFailure   details of the attempt that just failed
 * @param lastAttempt   number of attempts made so far, starting at 1
 * @param totalRetryTime orchestration time elapsed since the first attempt was scheduled
 * @param context       the orchestration, for replay-safe time and logging
 */
public record RetryContext(FailureDetails lastFailure, int lastAttempt, Duration totalRetryTime,
                           OrchestrationContext context) {
}
