package dev.reprise.store;

import dev.reprise.api.FailureDetails;
import dev.reprise.api.HistoryEvent;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.history.OrchestratorAction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A step's actions sorted into the rows they write: work items to queue, messages to send (durable timers, events,
 * results to a parent, the next execution's start), child instances to create and messages to entities (calls,
 * signals, lock requests and releases, in the order the code made them).
 */
final class StepPlan {

    final List<OrchestratorAction.ScheduleTask> tasks = new ArrayList<>();
    final List<InboxMessage> messages = new ArrayList<>();
    final List<OrchestratorAction.CreateSubOrchestration> children = new ArrayList<>();
    final List<EntitySends.Send> entityMessages = new ArrayList<>();

    StepPlan(StepCommit step) {
        InstanceRecord after = step.after();
        String executionId = step.before().executionId();
        boolean continuedAsNew = after.runtimeStatus() == OrchestrationRuntimeStatus.ContinuedAsNew;
        Set<String> childIds = new HashSet<>();
        // Activities and timers of a step that ends its execution could never be awaited: they are not written.
        boolean ends = continuedAsNew || after.runtimeStatus().isTerminal();
        for (OrchestratorAction action : step.actions()) {
            if (action instanceof OrchestratorAction.ScheduleTask t) {
                if (!ends) {
                    tasks.add(t);
                }
            } else if (action instanceof OrchestratorAction.CreateTimer t) {
                if (ends) {
                    continue;
                }
                messages.add(InboxMessage.toSend(after.instanceId(), executionId,
                        new HistoryEvent.TimerFired(t.fireAt(), t.taskId(), t.fireAt()), t.fireAt()));
            } else if (action instanceof OrchestratorAction.CreateSubOrchestration c) {
                if (childIds.add(c.instanceId())) {
                    children.add(c);
                } else {
                    messages.add(InboxMessage.toSend(after.instanceId(), executionId,
                            childRefused(c, step.now()), step.now()));
                }
            } else if (action instanceof OrchestratorAction.SendEvent e) {
                messages.add(InboxMessage.toSend(e.instanceId(), null,
                        new HistoryEvent.EventRaised(step.now(), e.name(), e.input()), step.now()));
            } else if (action instanceof OrchestratorAction.TerminateSubOrchestration t) {
                messages.add(InboxMessage.toSend(t.instanceId(), null,
                        new HistoryEvent.ExecutionTerminated(step.now(), t.reason(), Boolean.TRUE), step.now()));
            } else if (EntityActions.isEntityAction(action)) {
                EntityActions.sends(action, after.instanceId(), executionId, entityMessages);
            } else if (action instanceof OrchestratorAction.CompleteOrchestration c) {
                if (continuedAsNew) {
                    messages.add(InboxMessage.toSend(after.instanceId(), after.executionId(),
                            new HistoryEvent.ExecutionStarted(step.now(), after.name(), after.instanceId(),
                                    after.executionId(), c.result(), after.parentInstanceId(),
                                    after.parentTaskId() == null ? -1 : after.parentTaskId(), after.version()),
                            step.now()));
                    for (HistoryEvent.EventRaised carried : c.carryoverEvents()) {
                        messages.add(InboxMessage.toSend(after.instanceId(), after.executionId(), carried,
                                step.now()));
                    }
                } else if (after.parentInstanceId() != null) {
                    // Only the parent execution that started this child awaits its result.
                    messages.add(InboxMessage.toSend(after.parentInstanceId(), after.parentExecutionId(),
                            parentNotification(after, step.now()), step.now()));
                }
            }
        }
    }

    /** Whether any message is due at once (not a timer for later): other replicas may have a step to run. */
    boolean wakesOrchestrations(Instant now) {
        return !children.isEmpty() || messages.stream().anyMatch(m -> !m.visibleAt().isAfter(now));
    }

    /** What the parent hears when a child could not start: its ID belongs to an instance that has not finished. */
    static HistoryEvent childRefused(OrchestratorAction.CreateSubOrchestration c, Instant now) {
        return new HistoryEvent.SubOrchestrationInstanceFailed(now, c.taskId(), FailureDetails.of(
                "dev.reprise.api.RepriseException", "Cannot start sub-orchestration '" + c.name() + "' as instance '"
                        + c.instanceId() + "': an instance with that ID is still running", true));
    }

    private static HistoryEvent parentNotification(InstanceRecord child, Instant now) {
        int taskId = child.parentTaskId();
        return switch (child.runtimeStatus()) {
            case Completed -> new HistoryEvent.SubOrchestrationInstanceCompleted(now, taskId, child.output());
            case Failed -> new HistoryEvent.SubOrchestrationInstanceFailed(now, taskId, child.failure());
            default -> new HistoryEvent.SubOrchestrationInstanceFailed(now, taskId, FailureDetails.of(
                    "dev.reprise.api.TaskFailedException", "Sub-orchestration '" + child.instanceId()
                            + "' was terminated: " + child.output(), true));
        };
    }
}
