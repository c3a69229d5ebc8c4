package dev.reprise.api;

/**
 * A start reused the ID of an instance that has not finished, or of a finished one its {@link InstanceIdReusePolicy}
 * does not let it replace (HTTP 409 {@code InstanceAlreadyExists}). By default a finished instance's ID may be reused,
 * as in Durable Functions: the new start replaces it.
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

    private InstanceAlreadyExistsException(String message) {
        super(message);
    }

    /**
     * A finished instance the start's reuse policy did not let it replace; the message names the instance, its
     * status and orchestrator, the policy, and what to do instead.
     */
    public static InstanceAlreadyExistsException notReplaced(String instanceId, OrchestrationRuntimeStatus status,
                                                             String existingName, String requestedName,
                                                             InstanceIdReusePolicy policy) {
        if (policy == InstanceIdReusePolicy.USE_EXISTING) {
            return new InstanceAlreadyExistsException("An orchestration instance with ID '" + instanceId + "' "
                    + "already exists (" + status + ") and runs orchestrator '" + existingName + "', not '"
                    + requestedName + "'; reuse policy " + policy.wireName() + " answers only with an instance of "
                    + "the same orchestrator: start with another instance ID, or with reuse policy reuse to "
                    + "replace it.");
        }
        return new InstanceAlreadyExistsException("An orchestration instance with ID '" + instanceId + "' already "
                + "exists and is " + status + "; reuse policy " + policy.wireName() + " does not replace finished "
                + "instances: start with another instance ID, purge the instance first, or use reuse policy reuse.");
    }
}
