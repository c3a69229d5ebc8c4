package dev.reprise.api;

/**
 * Thrown by an activity (or by the engine on its behalf) when retrying cannot help, as Temporal's non-retryable
 * application failures: the calling task fails at once, whatever its {@link RetryPolicy}.
 */
public class NonRetriableException extends RepriseException {

    /** @param message why retrying cannot help; it becomes the task's {@link FailureDetails#errorMessage()} */
    public NonRetriableException(String message) {
        super(message);
    }

    /**
     * @param message why retrying cannot help
     * @param cause   the failure behind it, recorded as {@link FailureDetails#innerFailure()}
     */
    public NonRetriableException(String message, Throwable cause) {
        super(message, cause);
    }
}
