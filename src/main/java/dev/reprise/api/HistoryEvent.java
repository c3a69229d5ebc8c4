package dev.reprise.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/**
 * One entry of an orchestration's event-sourced history, named as in the Durable Task Framework
 * ({@code DurableTask.Core.History}, e.g. {@code TaskScheduledEvent}). History is what replay reads: the code is run
 * against it, and the events that schedule work must match the calls the code makes.
 *
 * <p>Payloads ({@code input}, {@code result}) are JSON text exactly as serialized, or {@code null}; a {@code reason}
 * is plain text. Timestamps come from the engine's clock ({@code java.time.Clock}), not the database's.
 *
 * <p>A scheduling event carries the task ID ({@code taskId}): the number the call took within its execution, from 0
 * in call order (DTFx's {@code EventId}). The event that completes the task carries the same number (DTFx's
 * {@code TaskScheduledId}, {@code TimerId}), which is how replay pairs them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = HistoryEvent.OrchestratorStarted.class, name = "OrchestratorStarted"),
        @JsonSubTypes.Type(value = HistoryEvent.OrchestratorCompleted.class, name = "OrchestratorCompleted"),
        @JsonSubTypes.Type(value = HistoryEvent.ExecutionStarted.class, name = "ExecutionStarted"),
        @JsonSubTypes.Type(value = HistoryEvent.TaskScheduled.class, name = "TaskScheduled"),
        @JsonSubTypes.Type(value = HistoryEvent.TaskCompleted.class, name = "TaskCompleted"),
        @JsonSubTypes.Type(value = HistoryEvent.TaskFailed.class, name = "TaskFailed"),
        @JsonSubTypes.Type(value = HistoryEvent.TimerCreated.class, name = "TimerCreated"),
        @JsonSubTypes.Type(value = HistoryEvent.TimerFired.class, name = "TimerFired"),
        @JsonSubTypes.Type(value = HistoryEvent.EventRaised.class, name = "EventRaised"),
        @JsonSubTypes.Type(value = HistoryEvent.EventSent.class, name = "EventSent"),
        @JsonSubTypes.Type(value = HistoryEvent.SubOrchestrationInstanceCreated.class,
                name = "SubOrchestrationInstanceCreated"),
        @JsonSubTypes.Type(value = HistoryEvent.SubOrchestrationInstanceCompleted.class,
                name = "SubOrchestrationInstanceCompleted"),
        @JsonSubTypes.Type(value = HistoryEvent.SubOrchestrationInstanceFailed.class,
                name = "SubOrchestrationInstanceFailed"),
        @JsonSubTypes.Type(value = HistoryEvent.ExecutionCompleted.class, name = "ExecutionCompleted"),
        @JsonSubTypes.Type(value = HistoryEvent.ExecutionTerminated.class, name = "ExecutionTerminated"),
        @JsonSubTypes.Type(value = HistoryEvent.ExecutionSuspended.class, name = "ExecutionSuspended"),
        @JsonSubTypes.Type(value = HistoryEvent.ExecutionResumed.class, name = "ExecutionResumed"),
        @JsonSubTypes.Type(value = HistoryEvent.ExecutionRewound.class, name = "ExecutionRewound"),
        @JsonSubTypes.Type(value = HistoryEvent.ContinueAsNew.class, name = "ContinueAsNew"),
        @JsonSubTypes.Type(value = HistoryEvent.EntityOperationCalled.class, name = "EntityOperationCalled"),
        @JsonSubTypes.Type(value = HistoryEvent.EntityOperationSignaled.class, name = "EntityOperationSignaled"),
        @JsonSubTypes.Type(value = HistoryEvent.EntityOperationCompleted.class, name = "EntityOperationCompleted"),
        @JsonSubTypes.Type(value = HistoryEvent.EntityOperationFailed.class, name = "EntityOperationFailed"),
        @JsonSubTypes.Type(value = HistoryEvent.EntityLockRequested.class, name = "EntityLockRequested"),
        @JsonSubTypes.Type(value = HistoryEvent.EntityLockGranted.class, name = "EntityLockGranted"),
        @JsonSubTypes.Type(value = HistoryEvent.EntityUnlockSent.class, name = "EntityUnlockSent"),
})
@RegisterForReflection // with its nested event records (ignoreNested is false)
public sealed interface HistoryEvent {

    /** The event's time; what it means (a step's time, a due time, a client's call) is said on each event. */
    Instant timestamp();

    /** The DTFx name of this event's type, as stored and shown in {@code historyEvents}. */
    default String eventType() {
        return getClass().getSimpleName();
    }

    /**
     * A step began (DTFx's {@code OrchestratorStartedEvent}): what follows up to the next OrchestratorCompleted is
     * what that step received and did, committed together.
     *
     * @param timestamp when the step began: the replay-safe current time the code sees during the step, as
     *                  {@link OrchestrationContext#getCurrentInstant()}
     */
    record OrchestratorStarted(Instant timestamp) implements HistoryEvent {
    }

    /**
     * A step ended (DTFx's {@code OrchestratorCompletedEvent}); everything since the previous OrchestratorStarted
     * was one commit.
     *
     * @param timestamp the step's time, the same as its OrchestratorStarted's
     */
    record OrchestratorCompleted(Instant timestamp) implements HistoryEvent {
    }

    /**
     * The execution began (DTFx's {@code ExecutionStartedEvent}); it follows the execution's first
     * OrchestratorStarted, and replay reads the name, IDs and input from it.
     *
     * @param timestamp        when the start was requested (by a client, a parent's step or continue-as-new); a
     *                         start scheduled for later keeps this time
     * @param name             the orchestrator's registered name
     * @param instanceId       the instance ID
     * @param executionId      a random ID of this execution; continue-as-new starts a new one under the same
     *                         instance ID
     * @param input            the orchestration's input as JSON text, or {@code null}
     * @param parentInstanceId the parent's instance ID when started as a sub-orchestration, otherwise {@code null}
     * @param parentTaskId     the task ID of the parent's call, or -1 when there is no parent
     * @param version          the orchestration version the instance was started with (as Durable Functions'
     *                         orchestration versioning), {@code ""} or {@code null} (events written before versions)
     *                         for none
     */
    record ExecutionStarted(Instant timestamp, String name, String instanceId, String executionId, String input,
                            String parentInstanceId, int parentTaskId, String version) implements HistoryEvent {

        /** A start without a version. */
        public ExecutionStarted(Instant timestamp, String name, String instanceId, String executionId, String input,
                                String parentInstanceId, int parentTaskId) {
            this(timestamp, name, instanceId, executionId, input, parentInstanceId, parentTaskId, "");
        }
    }

    /**
     * The code called an activity (DTFx's {@code TaskScheduledEvent}); its work item was queued in the same commit.
     *
     * @param timestamp the scheduling step's time
     * @param taskId    the call's task ID
     * @param name      the activity's name
     * @param input     the activity's input as JSON text, or {@code null}
     */
    record TaskScheduled(Instant timestamp, int taskId, String name, String input) implements HistoryEvent {
    }

    /**
     * An activity returned (DTFx's {@code TaskCompletedEvent}).
     *
     * @param timestamp when the activity finished, by the clock of the process that ran it
     * @param taskId    the task ID of the TaskScheduled it completes
     * @param result    the activity's return value as JSON text, or {@code null}
     */
    record TaskCompleted(Instant timestamp, int taskId, String result) implements HistoryEvent {
    }

    /**
     * An activity threw, or could not run (unknown name, unreadable input), as DTFx's {@code TaskFailedEvent}.
     * Replay retries the call if its {@link TaskOptions} allow, otherwise turns this into a
     * {@link TaskFailedException} from {@link Task#await()}.
     *
     * @param timestamp when the activity failed, by the clock of the process that ran it
     * @param taskId    the task ID of the TaskScheduled it completes
     * @param failure   what failed; never {@code null}
     */
    record TaskFailed(Instant timestamp, int taskId, FailureDetails failure) implements HistoryEvent {
    }

    /**
     * The code created a durable timer (DTFx's {@code TimerCreatedEvent}), also for a retry's wait and an external
     * event's timeout; its TimerFired message was queued, due at {@code fireAt}, in the same commit.
     *
     * @param timestamp the scheduling step's time
     * @param taskId    the timer's task ID
     * @param fireAt    when the timer falls due
     */
    record TimerCreated(Instant timestamp, int taskId, Instant fireAt) implements HistoryEvent {
    }

    /**
     * A durable timer fell due (DTFx's {@code TimerFiredEvent}).
     *
     * @param timestamp the timer's due time, not the time a step applied it (which may be later)
     * @param taskId    the task ID of the TimerCreated it completes
     * @param fireAt    the due time
     */
    record TimerFired(Instant timestamp, int taskId, Instant fireAt) implements HistoryEvent {
    }

    /**
     * An external event arrived (DTFx's {@code EventRaisedEvent}), raised by a client or sent by another
     * orchestration. It goes to the oldest wait for its name, or is buffered until one comes.
     *
     * @param timestamp when it was raised: the client's call, or the sending orchestration's step time
     * @param name      the event's name (case-sensitive)
     * @param input     the event's data as JSON text, or {@code null}
     */
    record EventRaised(Instant timestamp, String name, String input) implements HistoryEvent {
    }

    /**
     * The code sent an external event to another instance (DTFx's {@code EventSentEvent}). It takes a task ID so
     * replay can match the call, but no event completes it: sending is fire-and-forget.
     *
     * @param timestamp        the sending step's time
     * @param taskId           the call's task ID
     * @param targetInstanceId the receiving instance's ID
     * @param name             the event's name
     * @param input            the event's data as JSON text, or {@code null}
     */
    record EventSent(Instant timestamp, int taskId, String targetInstanceId, String name, String input)
            implements HistoryEvent {
    }

    /**
     * The code started a sub-orchestration (DTFx's {@code SubOrchestrationInstanceCreatedEvent}); the child instance
     * was created in the same commit, unless its ID belonged to an instance still running.
     *
     * @param timestamp  the scheduling step's time
     * @param taskId     the call's task ID
     * @param name       the child orchestrator's name
     * @param instanceId the child's instance ID: the one the code gave, or {@code <parent ID>:<taskId>}
     * @param input      the child's input as JSON text, or {@code null}
     */
    record SubOrchestrationInstanceCreated(Instant timestamp, int taskId, String name, String instanceId,
                                           String input) implements HistoryEvent {
    }

    /**
     * A sub-orchestration completed (DTFx's {@code SubOrchestrationInstanceCompletedEvent}).
     *
     * @param timestamp the time of the child's last step
     * @param taskId    the task ID of the SubOrchestrationInstanceCreated it completes
     * @param result    the child's output as JSON text, or {@code null}
     */
    record SubOrchestrationInstanceCompleted(Instant timestamp, int taskId, String result) implements HistoryEvent {
    }

    /**
     * A sub-orchestration did not complete (DTFx's {@code SubOrchestrationInstanceFailedEvent}): it failed, it was
     * terminated, or its instance ID belonged to an instance still running. The last two are non-retriable.
     *
     * @param timestamp the time of the child's last step, or of the parent's step that could not start it
     * @param taskId    the task ID of the SubOrchestrationInstanceCreated it completes
     * @param failure   the child's failure, or why it ended without one; never {@code null}
     */
    record SubOrchestrationInstanceFailed(Instant timestamp, int taskId, FailureDetails failure)
            implements HistoryEvent {
    }

    /**
     * The execution ended (DTFx's {@code ExecutionCompletedEvent}): the code returned or threw, or the engine failed
     * it (non-determinism, a limit).
     *
     * @param timestamp the final step's time
     * @param status    Completed or Failed
     * @param result    the output as JSON text when Completed, otherwise {@code null}
     * @param failure   why it failed when Failed, otherwise {@code null}
     */
    record ExecutionCompleted(Instant timestamp, OrchestrationRuntimeStatus status, String result,
                              FailureDetails failure) implements HistoryEvent {
    }

    /**
     * A client terminated the instance (DTFx's {@code ExecutionTerminatedEvent}). The code is not run again; no
     * ExecutionCompleted follows.
     *
     * @param timestamp when the terminate was requested
     * @param reason    the caller's reason, or {@code null}
     * @param recursive whether the sub-orchestrations still running are terminated too, as the Durable Task SDKs'
     *                  {@code recursive} option; {@code null} (events stored before the option existed) means yes
     */
    record ExecutionTerminated(Instant timestamp, String reason, Boolean recursive) implements HistoryEvent {

        /** A termination that cascades to the running sub-orchestrations (the default). */
        public ExecutionTerminated(Instant timestamp, String reason) {
            this(timestamp, reason, Boolean.TRUE);
        }

        /** Whether the termination cascades to the sub-orchestrations still running. */
        public boolean cascades() {
            return recursive == null || recursive;
        }
    }

    /**
     * A client suspended the instance (DTFx's {@code ExecutionSuspendedEvent}): results and events that follow are
     * held back from the code until an ExecutionResumed.
     *
     * @param timestamp when the suspend was requested
     * @param reason    the caller's reason, or {@code null}
     */
    record ExecutionSuspended(Instant timestamp, String reason) implements HistoryEvent {
    }

    /**
     * A client resumed the instance (DTFx's {@code ExecutionResumedEvent}): what was held back is applied, in arrival
     * order.
     *
     * @param timestamp when the resume was requested
     * @param reason    the caller's reason, or {@code null}
     */
    record ExecutionResumed(Instant timestamp, String reason) implements HistoryEvent {
    }

    /**
     * A client rewound the failed instance (DTFx's {@code ExecutionRewoundEvent}, Durable Functions'
     * {@code RewindAsync}): the step that failed was taken out of history and runs again from here, with its failed
     * activities and sub-orchestrations run again. Replay ignores it.
     *
     * @param timestamp when the rewind was requested
     * @param reason    the caller's reason, or {@code null}
     */
    record ExecutionRewound(Instant timestamp, String reason) implements HistoryEvent {
    }

    /**
     * The execution ended by restarting itself (DTFx's {@code ContinueAsNewEvent}). Committing it replaces the
     * history with the new execution's, so a history read from the store never holds this event.
     *
     * @param timestamp the final step's time
     * @param input     the new execution's input as JSON text, or {@code null}
     */
    record ContinueAsNew(Instant timestamp, String input) implements HistoryEvent {
    }

    // ---- durable entities: named as the Durable Task protocol's entity events (EntityOperationCalledEvent, ...) ----

    /**
     * The code called an entity operation and waits for its result ({@link OrchestrationContext#callEntity}); the
     * operation message was queued for the entity in the same commit.
     *
     * @param timestamp the scheduling step's time
     * @param taskId    the call's task ID
     * @param entityId  the entity's ID, {@code @name@key}
     * @param operation the operation's name
     * @param input     the operation's input as JSON text, or {@code null}
     */
    record EntityOperationCalled(Instant timestamp, int taskId, String entityId, String operation, String input)
            implements HistoryEvent {
    }

    /**
     * The code signalled an entity ({@link OrchestrationContext#signalEntity}): one-way, so no event completes it.
     *
     * @param timestamp     the sending step's time
     * @param taskId        the call's task ID
     * @param entityId      the entity's ID, {@code @name@key}
     * @param operation     the operation's name
     * @param input         the operation's input as JSON text, or {@code null}
     * @param scheduledTime when the operation may run, or {@code null} for at once
     */
    record EntityOperationSignaled(Instant timestamp, int taskId, String entityId, String operation, String input,
                                   Instant scheduledTime) implements HistoryEvent {
    }

    /**
     * An entity operation the code called returned.
     *
     * @param timestamp when the entity's batch ran it, by the clock of the process that ran it
     * @param taskId    the task ID of the EntityOperationCalled it completes
     * @param result    the operation's result as JSON text, or {@code null}
     */
    record EntityOperationCompleted(Instant timestamp, int taskId, String result) implements HistoryEvent {
    }

    /**
     * An entity operation the code called threw (its state change was undone), or could not run (no entity of that
     * name is registered).
     *
     * @param timestamp when the entity's batch ran it
     * @param taskId    the task ID of the EntityOperationCalled it completes
     * @param failure   what failed; never {@code null}
     */
    record EntityOperationFailed(Instant timestamp, int taskId, FailureDetails failure) implements HistoryEvent {
    }

    /**
     * The code asked for a critical section ({@link OrchestrationContext#lockEntities}); the lock request went to the
     * first entity in the same commit, and travels through the others in this order.
     *
     * @param timestamp the scheduling step's time
     * @param taskId    the request's task ID
     * @param entityIds the entities to lock, in the global lock order (sorted, no duplicates)
     */
    record EntityLockRequested(Instant timestamp, int taskId, List<String> entityIds) implements HistoryEvent {
    }

    /**
     * Every entity of a lock request is locked for this execution: the critical section begins.
     *
     * @param timestamp when the last entity granted it
     * @param taskId    the task ID of the EntityLockRequested it completes
     */
    record EntityLockGranted(Instant timestamp, int taskId) implements HistoryEvent {
    }

    /**
     * The code closed its critical section; a release went to each locked entity in the same commit.
     *
     * @param timestamp the sending step's time
     * @param taskId    the task ID the close took
     * @param entityIds the entities released
     */
    record EntityUnlockSent(Instant timestamp, int taskId, List<String> entityIds) implements HistoryEvent {
    }
}
