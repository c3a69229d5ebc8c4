package dev.reprise.api;

/** No orchestration instance has the given instance ID in this task hub (HTTP 404 {@code InstanceNotFound}). */
public class OrchestrationNotFoundException extends RepriseException {

    /** The message names the ID and says to check it, or that the instance may have been purged. */
    public OrchestrationNotFoundException(String instanceId) {
        super("No orchestration instance with ID '" + instanceId + "' exists in this task hub; check the ID, or it "
                + "may have been purged.");
    }
}
