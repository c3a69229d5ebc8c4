package dev.reprise.api;

/** No orchestration instance has the given instance ID in this task hub (HTTP 404). */
public class OrchestrationNotFoundException extends RepriseException {

    public OrchestrationNotFoundException(String instanceId) {
        super("No orchestration instance with ID '" + instanceId + "' exists in this task hub; check the ID, or it "
                + "may have been purged.");
    }
}
