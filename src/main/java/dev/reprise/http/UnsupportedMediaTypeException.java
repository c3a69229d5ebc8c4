package dev.reprise.http;

/** A request body declared as a type this API does not read (HTTP 415); the message says what to send instead. */
class UnsupportedMediaTypeException extends RuntimeException {

    UnsupportedMediaTypeException(String message) {
        super(message, null, false, false);
    }
}
