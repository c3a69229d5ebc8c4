package dev.reprise.history;

import dev.reprise.api.FailureDetails;
import dev.reprise.api.HistoryEvent;
import dev.reprise.api.OrchestrationRuntimeStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one orchestration step asks the engine to do durably, the output of replay. Each scheduling action has a
 * matching {@link HistoryEvent} recorded in the same commit.
 */
public sealed interface OrchestratorAction {

    /**
     * Enqueue an activity work item.
     *
     * @param timeout          the attempt's start-to-close timeout, or {@code null} for none
     * @param heartbeatTimeout the longest time the attempt may go without a heartbeat, or {@code null} for none
     */
    record ScheduleTask(int taskId, String name, String input, Duration timeout, Duration heartbeatTimeout)
            implements OrchestratorAction {

        /** A call without timeouts. */
        public ScheduleTask(int taskId, String name, String input) {
            this(taskId, name, input, null, null);
        }
    }

    /** Enqueue a durable timer message due at {@code fireAt}. */
    record CreateTimer(int taskId, Instant fireAt) implements OrchestratorAction {
    }

    /** Create a child orchestration instance and start it. */
    record CreateSubOrchestration(int taskId, String name, String instanceId, String input)
            implements OrchestratorAction {
    }

    /** Deliver an external event to another instance. */
    record SendEvent(int taskId, String instanceId, String name, String input) implements OrchestratorAction {
    }

    /** Send an operation to an entity; its result or failure comes back to this execution under {@code taskId}. */
    record CallEntity(int taskId, String entityId, String operation, String input) implements OrchestratorAction {
    }

    /** Send an operation to an entity, one-way, visible from {@code scheduledTime} ({@code null}: at once). */
    record SignalEntity(int taskId, String entityId, String operation, String input, Instant scheduledTime)
            implements OrchestratorAction {
    }

    /** Ask for locks on {@code entityIds} (sorted, distinct): the request goes to the first and travels in order. */
    record LockEntities(int taskId, List<String> entityIds) implements OrchestratorAction {
    }

    /** Release the locks this execution holds on {@code entityIds}. */
    record UnlockEntities(int taskId, List<String> entityIds) implements OrchestratorAction {
    }

    /**
     * Terminate a sub-orchestration this execution started and still waits for, because this execution was
     * terminated with {@code recursive} (its own running sub-orchestrations are terminated in turn).
     */
    record TerminateSubOrchestration(int taskId, String instanceId, String reason) implements OrchestratorAction {
    }

    /**
     * End this execution.
     *
     * @param status         Completed, Failed, Terminated or ContinuedAsNew
     * @param result         the output JSON, or for ContinuedAsNew the next execution's input
     * @param carryoverEvents with ContinuedAsNew, unconsumed events to deliver to the next execution
     */
    record CompleteOrchestration(OrchestrationRuntimeStatus status, String result, FailureDetails failure,
                                 List<HistoryEvent.EventRaised> carryoverEvents) implements OrchestratorAction {
    }
}
