package dev.reprise.api;

/**
 * Only a Failed instance can be rewound, and this one has not finished (HTTP 409 {@code InstanceNotFailed}); a
 * Completed or Terminated one answers {@link InstanceFinishedException} (HTTP 410) instead, as Durable Functions'
 * rewind route does.
 */
public class InstanceNotFailedException extends RepriseException {

    /** The message names the instance's status and says what can be done instead. */
    public InstanceNotFailedException(String instanceId, OrchestrationRuntimeStatus status) {
        super("Orchestration instance '" + instanceId + "' is " + status + "; only a Failed instance can be "
                + "rewound. Wait until it fails, or terminate it and restart it.");
    }
}
