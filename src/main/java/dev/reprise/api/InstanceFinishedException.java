package dev.reprise.api;

/** The instance already completed, failed or was terminated, so it cannot take this request (HTTP 410). */
public class InstanceFinishedException extends RepriseException {

    public InstanceFinishedException(String instanceId, OrchestrationRuntimeStatus status, String request) {
        super("Orchestration instance '" + instanceId + "' is " + status + " and can no longer " + request
                + "; start a new instance instead.");
    }
}
