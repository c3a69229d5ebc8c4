package dev.reprise.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Declarative retry policy for activities and sub-orchestrations, as Durable Functions' {@code RetryOptions}. Waits
 * between attempts are durable timers, so a retry survives restarts and costs nothing while waiting.
 *
 * @param maxNumberOfAttempts total attempts including the first, at least 1
 * @param firstRetryInterval  wait before the second attempt, positive
 * @param backoffCoefficient  multiplier applied to the wait after each attempt, at least 1.0
 * @param maxRetryInterval    upper bound of a single wait, or {@code null} for none
 * @param retryTimeout        no retry is scheduled once this much time passed since the first attempt, or {@code null}
 */
public record RetryPolicy(int maxNumberOfAttempts, Duration firstRetryInterval, double backoffCoefficient,
                          Duration maxRetryInterval, Duration retryTimeout) {

    /**
     * Checks the bounds above, so a policy that could never retry sensibly fails where it is written, not at the
     * first failure.
     *
     * @throws IllegalArgumentException when {@code maxNumberOfAttempts} is below 1, {@code firstRetryInterval} is not
     *                                  positive or {@code backoffCoefficient} is below 1.0
     * @throws NullPointerException     when {@code firstRetryInterval} is {@code null}
     */
    public RetryPolicy {
        if (maxNumberOfAttempts < 1) {
            throw new IllegalArgumentException("maxNumberOfAttempts must be at least 1, was " + maxNumberOfAttempts);
        }
        Objects.requireNonNull(firstRetryInterval, "firstRetryInterval must not be null");
        if (firstRetryInterval.isNegative() || firstRetryInterval.isZero()) {
            throw new IllegalArgumentException("firstRetryInterval must be positive, was " + firstRetryInterval);
        }
        if (backoffCoefficient < 1.0) {
            throw new IllegalArgumentException("backoffCoefficient must be at least 1.0, was " + backoffCoefficient);
        }
    }

    /**
     * A policy of {@code maxNumberOfAttempts} attempts with a fixed wait of {@code firstRetryInterval}, no cap and no
     * timeout. Throws as the constructor.
     */
    public static RetryPolicy of(int maxNumberOfAttempts, Duration firstRetryInterval) {
        return new RetryPolicy(maxNumberOfAttempts, firstRetryInterval, 1.0, null, null);
    }

    /** This policy with an exponential backoff coefficient (at least 1.0). Throws as the constructor. */
    public RetryPolicy withBackoffCoefficient(double coefficient) {
        return new RetryPolicy(maxNumberOfAttempts, firstRetryInterval, coefficient, maxRetryInterval, retryTimeout);
    }

    /** This policy with an upper bound on a single wait, or {@code null} for none. */
    public RetryPolicy withMaxRetryInterval(Duration max) {
        return new RetryPolicy(maxNumberOfAttempts, firstRetryInterval, backoffCoefficient, max, retryTimeout);
    }

    /** This policy with an overall time budget for retries, or {@code null} for none. */
    public RetryPolicy withRetryTimeout(Duration timeout) {
        return new RetryPolicy(maxNumberOfAttempts, firstRetryInterval, backoffCoefficient, maxRetryInterval, timeout);
    }

    /**
     * The wait before the next attempt after {@code attempt} attempts failed, or {@code null} when no retry remains.
     *
     * @param attempt    number of attempts made so far (1 after the first failure)
     * @param sinceFirst orchestration time elapsed since the first attempt was scheduled
     * @return the wait, {@code firstRetryInterval * backoffCoefficient^(attempt - 1)} capped by
     *         {@code maxRetryInterval}, in whole milliseconds; {@code null} once {@code maxNumberOfAttempts} attempts
     *         were made or {@code retryTimeout} has passed
     */
    public Duration nextDelay(int attempt, Duration sinceFirst) {
        if (attempt >= maxNumberOfAttempts) {
            return null;
        }
        if (retryTimeout != null && sinceFirst.compareTo(retryTimeout) >= 0) {
            return null;
        }
        double millis = firstRetryInterval.toMillis() * Math.pow(backoffCoefficient, attempt - 1);
        Duration delay = Duration.ofMillis((long) Math.min(millis, Long.MAX_VALUE / 2.0));
        if (maxRetryInterval != null && delay.compareTo(maxRetryInterval) > 0) {
            delay = maxRetryInterval;
        }
        return delay;
    }
}
