package dev.reprise.api;

import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Starts and manages orchestration instances, as Durable Functions' {@code IDurableOrchestrationClient}. Inject it
 * anywhere; every method is non-blocking and lazy (nothing happens until the {@link Uni} is subscribed).
 * Failures arrive as the {@code RepriseException} subclasses named on each method.
 */
public interface DurableClient {

    /**
     * The task hub this client reads and writes ({@code reprise.task-hub}), as Durable Functions'
     * {@code IDurableOrchestrationClient.TaskHubName}.
     */
    String getTaskHubName();

    /** Starts {@code orchestratorName} now with a random instance ID; emits the instance ID. */
    default Uni<String> scheduleNewOrchestration(String orchestratorName, Object input) {
        return scheduleNewOrchestration(orchestratorName, input, new NewOrchestrationOptions(null, null));
    }

    /**
     * Starts an orchestration, as {@code StartNewAsync}; emits the instance ID.
     * Fails with {@link UnknownFunctionException} for an unregistered name, {@link InvalidRequestException} for a bad
     * instance ID, {@link InstanceAlreadyExistsException} when the ID belongs to an instance that has not finished.
     */
    Uni<String> scheduleNewOrchestration(String orchestratorName, Object input, NewOrchestrationOptions options);

    /** The instance, or {@code null} when unknown; payloads included when {@code fetchInputsAndOutputs}. */
    Uni<OrchestrationMetadata> getInstanceMetadata(String instanceId, boolean fetchInputsAndOutputs);

    /** The current execution's history, oldest first. Fails with {@link OrchestrationNotFoundException}. */
    Uni<List<HistoryEvent>> getInstanceHistory(String instanceId);

    /**
     * Emits the instance once it is Completed, Failed or Terminated.
     * Fails with {@link OrchestrationNotFoundException}, or with {@link java.util.concurrent.TimeoutException} when
     * {@code timeout} passes first.
     */
    Uni<OrchestrationMetadata> waitForInstanceCompletion(String instanceId, Duration timeout);

    /**
     * As {@link #waitForInstanceCompletion(String, Duration)}, reading the instance from the store at most once per
     * {@code pollingInterval} (as the {@code retryInterval} of Durable Functions'
     * {@code WaitForCompletionOrCreateCheckStatusResponseAsync}); a completion in this process ends the wait at once.
     */
    Uni<OrchestrationMetadata> waitForInstanceCompletion(String instanceId, Duration timeout,
                                                         Duration pollingInterval);

    /** Emits the instance once it has started running (or finished), or fails as above. */
    Uni<OrchestrationMetadata> waitForInstanceStart(String instanceId, Duration timeout);

    /**
     * Sends external event {@code eventName}, as {@code RaiseEventAsync}. Fails with
     * {@link OrchestrationNotFoundException} or {@link InstanceFinishedException}.
     */
    Uni<Void> raiseEvent(String instanceId, String eventName, Object eventData);

    /** Terminates a running instance, as {@code TerminateAsync}. Fails as {@link #raiseEvent}. */
    Uni<Void> terminate(String instanceId, String reason);

    /** Suspends a running instance: it processes nothing but resume and terminate. Fails as {@link #raiseEvent}. */
    Uni<Void> suspend(String instanceId, String reason);

    /** Resumes a suspended instance. Fails as {@link #raiseEvent}. */
    Uni<Void> resume(String instanceId, String reason);

    /**
     * Deletes a finished instance and its history, as {@code PurgeInstanceHistoryAsync}; emits how many were deleted
     * (0 or 1). Fails with {@link InstanceAlreadyExistsException}-style {@link InvalidRequestException} for a live
     * instance.
     */
    Uni<Integer> purgeInstance(String instanceId);

    /**
     * Deletes instances created from {@code createdFrom} to {@code createdTo} ({@code null} for now) with one of
     * {@code statuses} (empty for Completed, Failed and Terminated); emits how many.
     */
    Uni<Integer> purgeInstances(Instant createdFrom, Instant createdTo, List<OrchestrationRuntimeStatus> statuses);

    /** One page of instances matching {@code query}. */
    Uni<InstanceQueryResult> queryInstances(InstanceQuery query);
}
