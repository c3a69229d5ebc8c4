package dev.reprise.api;

/**
 * Root of every exception Reprise throws at its users. Messages say what happened and how to fix it.
 */
public class RepriseException extends RuntimeException {

    public RepriseException(String message) {
        super(message);
    }

    public RepriseException(String message, Throwable cause) {
        super(message, cause);
    }
}
