package dev.reprise.api;

/**
 * Thrown by an activity (or by the engine on its behalf) when retrying cannot help, as Temporal's non-retryable
 * application failures: the calling task fails at once, whatever its {@link RetryPolicy}.
 */
public class NonRetriableException extends RepriseException {

    public NonRetriableException(String message) {
        super(message);
    }

    public NonRetriableException(String message, Throwable cause) {
        super(message, cause);
    }
}
