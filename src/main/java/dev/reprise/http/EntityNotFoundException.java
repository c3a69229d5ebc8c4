package dev.reprise.http;

import dev.reprise.api.RepriseException;

/**
 * An entity route named an entity that does not exist, or an entity name no entity function is registered under
 * (HTTP 404 {@code EntityNotFound}, as Durable Functions answers both).
 */
public class EntityNotFoundException extends RepriseException {

    public EntityNotFoundException(String message) {
        super(message);
    }
}
