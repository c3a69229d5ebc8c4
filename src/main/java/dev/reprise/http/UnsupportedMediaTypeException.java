package dev.reprise.http;

import dev.reprise.api.RepriseException;

/** A request body declared as a type this API does not read (HTTP 415); the message says what to send instead. */
public class UnsupportedMediaTypeException extends RepriseException {

    public UnsupportedMediaTypeException(String message) {
        super(message);
    }
}
