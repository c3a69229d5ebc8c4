package dev.reprise.api;

/**
 * Root of every exception Reprise throws at its users. Messages say what happened and how to fix it. The HTTP
 * management API answers the subclasses that describe a bad request with a JSON 4xx (the status is named on each);
 * any other {@code RepriseException} that reaches it is an engine fault and answers 500.
 */
public class RepriseException extends RuntimeException {

    /** @param message what happened and how to fix it */
    public RepriseException(String message) {
        super(message);
    }

    /**
     * @param message what happened and how to fix it
     * @param cause   the failure behind it, kept for the log and {@link FailureDetails#innerFailure()}
     */
    public RepriseException(String message, Throwable cause) {
        super(message, cause);
    }
}
