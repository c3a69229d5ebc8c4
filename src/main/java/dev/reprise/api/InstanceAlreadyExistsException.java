package dev.reprise.api;

/** A start request reused the ID of an instance that has not finished (HTTP 409). */
public class InstanceAlreadyExistsException extends RepriseException {

    public InstanceAlreadyExistsException(String instanceId, OrchestrationRuntimeStatus status) {
        super("An orchestration instance with ID '" + instanceId + "' already exists and is " + status
                + "; wait for it to finish, terminate it, or start with another instance ID.");
    }
}
