package dev.reprise.api;

/**
 * A request's arguments are malformed (HTTP 400 {@code InvalidRequest}); the request changed nothing. Thrown alike
 * for the HTTP API, the {@link DurableClient} and orchestrator code (see {@link Names}).
 */
public class InvalidRequestException extends RepriseException {

    /** @param message names the argument, what was wrong with it and what is accepted */
    public InvalidRequestException(String message) {
        super(message);
    }
}
