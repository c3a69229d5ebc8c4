package dev.reprise.http;

import dev.reprise.api.RepriseException;

/**
 * The request names a task hub (or a storage connection) this service does not serve (HTTP 404): it is never answered
 * from, or applied to, this service's own task hub. The message names both hubs.
 */
public class TaskHubNotFoundException extends RepriseException {

    public TaskHubNotFoundException(String message) {
        super(message);
    }
}
