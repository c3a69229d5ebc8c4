package dev.reprise.api;

/** A request's arguments are malformed; the message names the argument and what is accepted (HTTP 400). */
public class InvalidRequestException extends RepriseException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
