package dev.reprise.http;

import dev.reprise.api.RepriseException;

/**
 * A purge of an instance that is still Pending, Running or Suspended (HTTP 412, as Durable Functions answers it):
 * only finished instances can be purged.
 */
public class InstanceNotFinishedException extends RepriseException {

    public InstanceNotFinishedException(String message) {
        super(message);
    }
}
