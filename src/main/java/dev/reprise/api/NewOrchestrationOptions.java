package dev.reprise.api;

import java.time.Instant;

/**
 * How to start an orchestration with {@link DurableClient#scheduleNewOrchestration}, as durabletask-java's
 * {@code NewOrchestrationInstanceOptions}. Nothing is checked here; the start checks it.
 *
 * @param instanceId  the instance ID (checked by {@link Names#instanceId} at the start), or {@code null} for a random
 *                    one
 * @param startAt     a time before which the orchestration does not start (it stays Pending), as Durable Task's
 *                    {@code StartAt}; {@code null} or a time already past for now
 * @param reusePolicy what to do when {@code instanceId} belongs to a finished instance; {@code null} for
 *                    {@link InstanceIdReusePolicy#REUSE}, as Durable Functions
 * @param version     the orchestration version to record on the instance (Durable Functions' orchestration
 *                    versioning), checked by {@link Names#version}; {@code null} for the process's
 *                    {@code reprise.orchestrations.version} (none when that is unset)
 */
public record NewOrchestrationOptions(String instanceId, Instant startAt, InstanceIdReusePolicy reusePolicy,
                                      String version) {

    /** Options with the default reuse policy ({@link InstanceIdReusePolicy#REUSE}) and version. */
    public NewOrchestrationOptions(String instanceId, Instant startAt) {
        this(instanceId, startAt, null, null);
    }

    /** Options with the default version. */
    public NewOrchestrationOptions(String instanceId, Instant startAt, InstanceIdReusePolicy reusePolicy) {
        this(instanceId, startAt, reusePolicy, null);
    }

    /** These options with {@code version} ({@code null}: the process's default). */
    public NewOrchestrationOptions withVersion(String version) {
        return new NewOrchestrationOptions(instanceId, startAt, reusePolicy, version);
    }

    /** Start now under {@code instanceId}, as the {@code instanceId} argument of Durable Functions' StartNewAsync. */
    public static NewOrchestrationOptions withInstanceId(String instanceId) {
        return new NewOrchestrationOptions(instanceId, null);
    }

    /** These options with {@code policy} ({@code null}: the default, {@link InstanceIdReusePolicy#REUSE}). */
    public NewOrchestrationOptions withReusePolicy(InstanceIdReusePolicy policy) {
        return new NewOrchestrationOptions(instanceId, startAt, policy, version);
    }

    /** The reuse policy in effect: {@link #reusePolicy()}, or {@link InstanceIdReusePolicy#REUSE} when unset. */
    public InstanceIdReusePolicy effectiveReusePolicy() {
        return reusePolicy == null ? InstanceIdReusePolicy.REUSE : reusePolicy;
    }
}
