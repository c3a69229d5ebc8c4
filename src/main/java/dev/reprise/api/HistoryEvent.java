package dev.reprise.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * One entry of an orchestration's event-sourced history, named as in the Durable Task Framework. Payloads
 * ({@code input}, {@code result}) are JSON text exactly as serialized, or {@code null}.
 *
 * <p>Events that schedule work carry the task ID ({@code taskId}, the task's number within its execution); the events that complete it carry
 * the same number, which is how replay pairs them.
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
        @JsonSubTypes.Type(value = HistoryEvent.ContinueAsNew.class, name = "ContinueAsNew"),
})
@RegisterForReflection
public sealed interface HistoryEvent {

    /** When the event was recorded (orchestration time, from the engine's clock). */
    Instant timestamp();

    /** The DTFx name of this event's type, as stored and shown in {@code historyEvents}. */
    default String eventType() {
        return getClass().getSimpleName();
    }

    /** An orchestration step began; its timestamp is the replay-safe current time of that step. */
    @RegisterForReflection
    record OrchestratorStarted(Instant timestamp) implements HistoryEvent {
    }

    /** An orchestration step ended; everything between this and the previous OrchestratorStarted is one commit. */
    @RegisterForReflection
    record OrchestratorCompleted(Instant timestamp) implements HistoryEvent {
    }

    /**
     * The execution began.
     *
     * @param parentInstanceId set when started as a sub-orchestration
     * @param parentTaskId     the parent's task ID, or -1
     */
    @RegisterForReflection
    record ExecutionStarted(Instant timestamp, String name, String instanceId, String executionId, String input,
                            String parentInstanceId, int parentTaskId) implements HistoryEvent {
    }

    @RegisterForReflection
    record TaskScheduled(Instant timestamp, int taskId, String name, String input) implements HistoryEvent {
    }

    @RegisterForReflection
    record TaskCompleted(Instant timestamp, int taskId, String result) implements HistoryEvent {
    }

    @RegisterForReflection
    record TaskFailed(Instant timestamp, int taskId, FailureDetails failure) implements HistoryEvent {
    }

    @RegisterForReflection
    record TimerCreated(Instant timestamp, int taskId, Instant fireAt) implements HistoryEvent {
    }

    @RegisterForReflection
    record TimerFired(Instant timestamp, int taskId, Instant fireAt) implements HistoryEvent {
    }

    /** An external event arrived (raised by a client or sent by another orchestration). */
    @RegisterForReflection
    record EventRaised(Instant timestamp, String name, String input) implements HistoryEvent {
    }

    /** This orchestration sent an event to another instance. */
    @RegisterForReflection
    record EventSent(Instant timestamp, int taskId, String targetInstanceId, String name, String input)
            implements HistoryEvent {
    }

    @RegisterForReflection
    record SubOrchestrationInstanceCreated(Instant timestamp, int taskId, String name, String instanceId,
                                           String input) implements HistoryEvent {
    }

    @RegisterForReflection
    record SubOrchestrationInstanceCompleted(Instant timestamp, int taskId, String result) implements HistoryEvent {
    }

    @RegisterForReflection
    record SubOrchestrationInstanceFailed(Instant timestamp, int taskId, FailureDetails failure)
            implements HistoryEvent {
    }

    /** The execution ended with {@code status} Completed or Failed. */
    @RegisterForReflection
    record ExecutionCompleted(Instant timestamp, OrchestrationRuntimeStatus status, String result,
                              FailureDetails failure) implements HistoryEvent {
    }

    @RegisterForReflection
    record ExecutionTerminated(Instant timestamp, String reason) implements HistoryEvent {
    }

    @RegisterForReflection
    record ExecutionSuspended(Instant timestamp, String reason) implements HistoryEvent {
    }

    @RegisterForReflection
    record ExecutionResumed(Instant timestamp, String reason) implements HistoryEvent {
    }

    /** The execution ended by restarting itself with {@code input}, as {@code ContinueAsNew}. */
    @RegisterForReflection
    record ContinueAsNew(Instant timestamp, String input) implements HistoryEvent {
    }
}
