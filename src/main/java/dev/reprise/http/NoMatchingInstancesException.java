package dev.reprise.http;

import dev.reprise.api.RepriseException;

/** A purge by filter that matched no finished instance (HTTP 404, as Durable Functions answers it). */
public class NoMatchingInstancesException extends RepriseException {

    public NoMatchingInstancesException(String message) {
        super(message);
    }
}
