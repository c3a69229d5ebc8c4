package dev.reprise.api;

/**
 * The instance already completed, failed or was terminated, so it cannot take an event or command (HTTP 410
 * {@code InstanceFinished}).
 */
public class InstanceFinishedException extends RepriseException {

    /**
     * The message says the instance is {@code status} and can no longer {@code request}, and to start a new one.
     *
     * @param instanceId the instance that refused
     * @param status     the instance's final status
     * @param request    what was refused, as a verb phrase completing "can no longer", e.g. {@code "receive events"}
     */
    public InstanceFinishedException(String instanceId, OrchestrationRuntimeStatus status, String request) {
        super("Orchestration instance '" + instanceId + "' is " + status + " and can no longer " + request
                + "; start a new instance instead.");
    }
}
