package dev.reprise.api;

import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Starts and manages orchestration instances, as Durable Functions' {@code IDurableOrchestrationClient} (and
 * durabletask-java's {@code DurableTaskClient}). Inject it anywhere. Every method returns a lazy {@link Uni}: nothing
 * reaches the database until it is subscribed, and no method blocks the caller's thread. Failures arrive through the
 * {@code Uni} as the {@link RepriseException} subclasses named on each method; the HTTP management API maps the same
 * exceptions to its 4xx answers.
 *
 * <p>Commands (raise event, terminate, suspend, resume) are messages to the instance's inbox: their {@code Uni}
 * completes once the message is committed, and the instance applies it at its next step, in order with everything
 * else it received. Payloads are serialized to JSON with the application's {@code ObjectMapper}.
 *
 * <p>There is no {@code CreateCheckStatusResponse} here, so this package stays free of JAX-RS: inject
 * {@code dev.reprise.http.HttpManagement} for the {@code 202 Accepted} answer with the management URLs.
 */
public interface DurableClient {

    /**
     * The task hub this client reads and writes ({@code reprise.task-hub}), as Durable Functions'
     * {@code IDurableOrchestrationClient.TaskHubName}.
     */
    String getTaskHubName();

    /**
     * Starts {@code orchestratorName} now under a random instance ID; see
     * {@link #scheduleNewOrchestration(String, Object, NewOrchestrationOptions)}.
     */
    default Uni<String> scheduleNewOrchestration(String orchestratorName, Object input) {
        return scheduleNewOrchestration(orchestratorName, input, new NewOrchestrationOptions(null, null));
    }

    /**
     * Creates an orchestration instance, as Durable Functions' {@code StartNewAsync}: the instance is committed as
     * Pending with its start message, and runs once a dispatcher of any replica claims it. The ID of a Completed,
     * Failed or Terminated instance is handled by the options' {@link InstanceIdReusePolicy}: by default (as Durable
     * Functions) that instance and its history are replaced; {@code REJECT} refuses the start, {@code USE_EXISTING}
     * emits the ID of the finished instance unchanged when it ran the same orchestrator.
     *
     * @param orchestratorName a registered {@link Orchestrator} name (case-sensitive)
     * @param input            serialized to JSON; may be {@code null}
     * @param options          the instance ID and start time; not {@code null}
     * @return emits the instance ID: the given one, or a random 32-character hexadecimal one. Fails with
     *         {@link UnknownFunctionException} when no orchestrator has that name, {@link InvalidRequestException}
     *         when the instance ID breaks the rules of {@link Names#instanceId}, {@link InstanceAlreadyExistsException}
     *         when the ID belongs to an instance that has not finished, or to a finished one the reuse policy does
     *         not let it replace, and {@link IllegalArgumentException} when
     *         {@code input} cannot be serialized to JSON
     */
    Uni<String> scheduleNewOrchestration(String orchestratorName, Object input, NewOrchestrationOptions options);

    /**
     * Reads an instance's state, as Durable Functions' {@code GetStatusAsync} (durabletask-java's
     * {@code getInstanceMetadata}).
     *
     * @param fetchInputsAndOutputs {@code false} leaves input, output and custom status {@code null}, so a status
     *                              check does not carry large payloads
     * @return emits the instance, or {@code null} when no instance has that ID (never fails for an unknown ID)
     */
    Uni<OrchestrationMetadata> getInstanceMetadata(String instanceId, boolean fetchInputsAndOutputs);

    /**
     * The history of the instance's current execution, oldest first, as Durable Functions' {@code GetStatusAsync}
     * with {@code showHistory}. Earlier executions are gone: continue-as-new starts the history afresh.
     *
     * @return emits the events, payloads included as JSON text; fails with {@link OrchestrationNotFoundException}
     *         when no instance has that ID
     */
    Uni<List<HistoryEvent>> getInstanceHistory(String instanceId);

    /**
     * Waits until the instance is Completed, Failed or Terminated, as durabletask-java's
     * {@code waitForInstanceCompletion}. Polls the store every {@code reprise.polling-interval}, and wakes at once
     * when the instance finishes in this process.
     *
     * @param timeout how long to wait; positive
     * @return emits the finished instance with its input, output and custom status; fails with
     *         {@link OrchestrationNotFoundException} when no instance has that ID (or it is purged while waited for),
     *         or with {@link java.util.concurrent.TimeoutException} (not a {@link RepriseException}) when
     *         {@code timeout} passes first
     */
    Uni<OrchestrationMetadata> waitForInstanceCompletion(String instanceId, Duration timeout);

    /**
     * As {@link #waitForInstanceCompletion(String, Duration)}, reading the instance from the store at most once per
     * {@code pollingInterval} (as the {@code retryInterval} of Durable Functions'
     * {@code WaitForCompletionOrCreateCheckStatusResponseAsync}); a completion in this process ends the wait at once.
     */
    Uni<OrchestrationMetadata> waitForInstanceCompletion(String instanceId, Duration timeout,
                                                         Duration pollingInterval);

    /**
     * Waits until the instance is no longer Pending (it started, or finished or was terminated before it ran), as
     * durabletask-java's {@code waitForInstanceStart}. Fails as {@link #waitForInstanceCompletion}.
     */
    Uni<OrchestrationMetadata> waitForInstanceStart(String instanceId, Duration timeout);

    /**
     * Sends external event {@code eventName} to the instance, as Durable Functions' {@code RaiseEventAsync}. The
     * first {@code waitForExternalEvent} of that name receives it; until then it is buffered. An event sent to a
     * Pending instance waits for the start, and one that arrives after the instance finished is dropped.
     *
     * @param eventName checked by {@link Names#eventName}
     * @param eventData serialized to JSON when this method is called (not on subscription); may be {@code null}
     * @return completes once the event is committed to the instance's inbox; fails with
     *         {@link InvalidRequestException} for a bad event name, {@link OrchestrationNotFoundException} when no
     *         instance has that ID, {@link InstanceFinishedException} when it is Completed, Failed or Terminated
     * @throws IllegalArgumentException at once, when {@code eventData} cannot be serialized to JSON
     */
    Uni<Void> raiseEvent(String instanceId, String eventName, Object eventData);

    /**
     * Terminates the instance and the sub-orchestrations it still waits for; see
     * {@link #terminate(String, String, boolean)}.
     */
    default Uni<Void> terminate(String instanceId, String reason) {
        return terminate(instanceId, reason, true);
    }

    /**
     * Terminates the instance, as Durable Functions' {@code TerminateAsync}: at its next step it becomes Terminated
     * without running its code again, and its output is {@code reason} as a JSON string ({@code null} for none).
     * Pending and Suspended instances are terminated too. In that step's commit its durable timers and the activities
     * no worker has started yet are removed; activities already running are told
     * ({@link ActivityContext#isCancellationRequested()}, or their {@code Uni} is cancelled) and their results dropped.
     *
     * @param reason    free text, or {@code null}
     * @param recursive {@code true} (the default, as the Durable Task SDKs' {@code recursive} option) also
     *                  terminates the sub-orchestrations it started and still waits for, and theirs in turn, with the
     *                  same reason; {@code false} leaves them running
     * @return completes once the command is committed; fails with {@link OrchestrationNotFoundException} or
     *         {@link InstanceFinishedException}
     */
    Uni<Void> terminate(String instanceId, String reason, boolean recursive);

    /**
     * Rewinds a Failed instance, as Durable Functions' {@code RewindAsync}: it is Running again from the step that
     * failed, which runs again with the failed activities and failed sub-orchestrations run again (a failed
     * sub-orchestration is rewound with it, and so on down). Everything that succeeded before is kept from history, so
     * each activity that completed is not run again. Failures the code handled in earlier steps stay as they were.
     * Messages and entity signals the failed step itself sent are sent again when it runs again.
     *
     * @param reason free text recorded in the ExecutionRewound event, or {@code null}
     * @return completes once the rewind is committed; fails with {@link OrchestrationNotFoundException},
     *         {@link InstanceFinishedException} when it is Completed or Terminated,
     *         {@link InstanceNotFailedException} when it has not finished, and {@link InvalidRequestException} when it
     *         failed inside a critical section (its entity locks were released when it failed; restart it instead)
     */
    Uni<Void> rewindInstance(String instanceId, String reason);

    /**
     * Starts the instance's orchestrator again with the instance's input, as Durable Functions' {@code RestartAsync}.
     *
     * @param restartWithNewInstanceId {@code true}: under a new random instance ID, whatever the instance's state;
     *                                 {@code false}: under the same ID, replacing the instance once it finished
     * @return emits the new run's instance ID; fails with {@link OrchestrationNotFoundException} for an unknown ID,
     *         {@link InstanceAlreadyExistsException} when reusing the ID of an instance that has not finished, and
     *         {@link UnknownFunctionException} when its orchestrator is no longer registered
     */
    Uni<String> restartInstance(String instanceId, boolean restartWithNewInstanceId);

    /**
     * Suspends the instance, as Durable Functions' {@code SuspendAsync}: from its next step it is Suspended, and
     * results, timers and events that arrive are held back from its code until {@link #resume}; only resume and
     * terminate wake it.
     *
     * @param reason free text recorded in the ExecutionSuspended event, or {@code null}
     * @return completes once the command is committed; fails with {@link OrchestrationNotFoundException} or
     *         {@link InstanceFinishedException}
     */
    Uni<Void> suspend(String instanceId, String reason);

    /**
     * Resumes a suspended instance, as Durable Functions' {@code ResumeAsync}: what arrived while it was suspended
     * is then applied in arrival order. Resuming an instance that is not suspended changes nothing.
     *
     * @param reason free text recorded in the ExecutionResumed event, or {@code null}
     * @return completes once the command is committed; fails with {@link OrchestrationNotFoundException} or
     *         {@link InstanceFinishedException}
     */
    Uni<Void> resume(String instanceId, String reason);

    /**
     * Deletes a finished instance with its history, inbox and work items, as Durable Functions'
     * {@code PurgeInstanceHistoryAsync(instanceId)}, and the finished sub-orchestrations below it (see
     * {@link #purgeInstance(String, boolean)}). The instance ID can then be reused.
     *
     * @return emits how many instances were deleted: 1, or 0 when another caller purged it first; fails with
     *         {@link OrchestrationNotFoundException} when no instance has that ID, and with
     *         {@link InvalidRequestException} when it is not Completed, Failed or Terminated (terminate it first)
     */
    Uni<Integer> purgeInstance(String instanceId);

    /**
     * As {@link #purgeInstance(String)}; with {@code recursive} (the default there) every finished sub-orchestration
     * the instance started, and theirs in turn, is deleted in the same commit (one that still runs is left, with what
     * it started).
     *
     * @return emits how many instances were deleted, descendants included
     */
    Uni<Integer> purgeInstance(String instanceId, boolean recursive);

    /**
     * Deletes the finished instances created in a time window, as Durable Functions'
     * {@code PurgeInstanceHistoryAsync(createdTimeFrom, createdTimeTo, runtimeStatus)}, with their finished
     * sub-orchestrations.
     *
     * @param createdFrom inclusive lower bound of the creation time; required
     * @param createdTo   inclusive upper bound, or {@code null} for no upper bound
     * @param statuses    which of Completed, Failed and Terminated to delete; {@code null} or empty for all three
     * @return emits how many instances were deleted; fails with {@link InvalidRequestException} when
     *         {@code createdFrom} is {@code null} or after {@code createdTo}, or {@code statuses} names a status
     *         that is not final
     */
    Uni<Integer> purgeInstances(Instant createdFrom, Instant createdTo, List<OrchestrationRuntimeStatus> statuses);

    /**
     * One page of the instances matching {@code query}, ordered by creation time, then instance ID, as Durable
     * Functions' {@code ListInstancesAsync}.
     *
     * @return emits the page; fails with {@link InvalidRequestException} when the continuation token is not one
     *         this service issued
     */
    Uni<InstanceQueryResult> queryInstances(InstanceQuery query);

    // ---- durable entities ----

    /** Signals an entity operation to run as soon as possible; see the full form. */
    default Uni<Void> signalEntity(EntityInstanceId entity, String operation, Object input) {
        return signalEntity(entity, operation, input, null);
    }

    /**
     * Signals an operation of a durable entity, one-way, as Durable Functions' {@code SignalEntityAsync}
     * (durabletask-java's {@code signalEntity}). The entity is created by its first operation. Signals sent one
     * after the other from one caller run in that order; each runs exactly once.
     *
     * @param operation     the operation's name; checked by {@link Names#operationName}
     * @param input         serialized to JSON when this method is called; may be {@code null}
     * @param scheduledTime when the operation may run, or {@code null} for at once
     * @return completes once the operation is committed to the entity's queue; fails with
     *         {@link UnknownFunctionException} when no entity of that name is registered, and
     *         {@link InvalidRequestException} for a bad operation name
     * @throws IllegalArgumentException at once, when {@code input} cannot be serialized to JSON
     */
    Uni<Void> signalEntity(EntityInstanceId entity, String operation, Object input, Instant scheduledTime);

    /**
     * Reads an entity, as Durable Functions' {@code ReadEntityStateAsync} (durabletask-java's
     * {@code getEntityMetadata}).
     *
     * @param includeState {@code false} leaves the state out, so a check does not carry it
     * @return emits the entity, or {@code null} when it does not exist (it never had state, or it was deleted)
     */
    Uni<EntityMetadata> getEntity(EntityInstanceId entity, boolean includeState);

    /**
     * One page of the entities matching {@code query}, ordered by entity ID, as Durable Functions'
     * {@code ListEntitiesAsync} (durabletask-java's {@code queryEntities}).
     *
     * @return emits the page; fails with {@link InvalidRequestException} when the continuation token is not one this
     *         service issued
     */
    Uni<EntityQueryResult> queryEntities(EntityQuery query);

    /**
     * Repairs what a crash or a purge may leave behind, as Durable Functions' {@code CleanEntityStorageAsync}, over the
     * whole task hub.
     *
     * @param removeEmptyEntities  delete the rows of entities without state, lock or waiting operations (a deleted
     *                             entity keeps its row until then; it does not exist for clients either way)
     * @param releaseOrphanedLocks send a release to every entity locked by an orchestration execution that no longer
     *                             runs; it is applied in order with the entity's other operations
     * @return emits what was done
     */
    Uni<CleanEntityStorageResult> cleanEntityStorage(boolean removeEmptyEntities, boolean releaseOrphanedLocks);
}
