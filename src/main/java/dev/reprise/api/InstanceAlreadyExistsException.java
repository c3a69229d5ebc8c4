package dev.reprise.api;

/**
 * A start reused the ID of an instance that has not finished (HTTP 409 {@code InstanceAlreadyExists}). A finished
 * instance's ID may be reused, as in Durable Functions: the new start replaces it.
 */
public class InstanceAlreadyExistsException extends RepriseException {

    /**
     * The message names the instance and its status, and says to wait, terminate it or choose another ID.
     *
     * @param instanceId the ID the start asked for
     * @param status     the live instance's status
     */
    public InstanceAlreadyExistsException(String instanceId, OrchestrationRuntimeStatus status) {
        super("An orchestration instance with ID '" + instanceId + "' already exists and is " + status
                + "; wait for it to finish, terminate it, or start with another instance ID.");
    }
}
