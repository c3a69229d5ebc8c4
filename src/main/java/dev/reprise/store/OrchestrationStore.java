package dev.reprise.store;

import dev.reprise.api.FailureDetails;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.history.HistoryEvent;
import dev.reprise.history.OrchestratorAction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The durable steps of the engine, each one transaction over the repositories: an orchestration step, an activity
 * result, a new instance, a message to an instance.
 */
@ApplicationScoped
public class OrchestrationStore {

    private final Pool pool;
    private final InstanceRepository instances;
    private final HistoryRepository history;
    private final InboxRepository inbox;
    private final WorkItemRepository workItems;
    private final Notifications notifications;

    OrchestrationStore(Pool pool, InstanceRepository instances, HistoryRepository history, InboxRepository inbox,
                       WorkItemRepository workItems, Notifications notifications) {
        this.pool = pool;
        this.instances = instances;
        this.history = history;
        this.inbox = inbox;
        this.workItems = workItems;
        this.notifications = notifications;
    }

    public Pool pool() {
        return pool;
    }

    /**
     * Commits one orchestration step: state, history, consumed messages and every action, atomically.
     *
     * @return a failed Uni with {@link LeaseLostException} when another replica took the instance over (nothing was
     *         written), or with the database error
     */
    public Uni<Void> commitStep(String owner, StepCommit step) {
        return pool.withTransaction(tx -> instances.updateAfterStep(tx, owner, step.after(), step.customStatusSet())
                .chain(held -> {
                    if (!held) {
                        return Uni.createFrom().failure(new LeaseLostException("instance '"
                                + step.before().instanceId() + "'"));
                    }
                    return writeStep(tx, step);
                }));
    }

    private Uni<Void> writeStep(SqlClient tx, StepCommit step) {
        InstanceRecord after = step.after();
        List<InboxMessage> messages = new ArrayList<>();
        List<OrchestratorAction.ScheduleTask> tasks = new ArrayList<>();
        List<OrchestratorAction.CreateSubOrchestration> children = new ArrayList<>();
        boolean continuedAsNew = after.runtimeStatus() == OrchestrationRuntimeStatus.ContinuedAsNew;
        for (OrchestratorAction action : step.actions()) {
            if (action instanceof OrchestratorAction.ScheduleTask t) {
                tasks.add(t);
            } else if (action instanceof OrchestratorAction.CreateTimer t) {
                messages.add(InboxMessage.toSend(after.instanceId(), step.before().executionId(),
                        new HistoryEvent.TimerFired(t.fireAt(), t.taskId(), t.fireAt()), t.fireAt()));
            } else if (action instanceof OrchestratorAction.CreateSubOrchestration c) {
                children.add(c);
            } else if (action instanceof OrchestratorAction.SendEvent e) {
                messages.add(InboxMessage.toSend(e.instanceId(), null,
                        new HistoryEvent.EventRaised(step.now(), e.name(), e.input()), step.now()));
            } else if (action instanceof OrchestratorAction.CompleteOrchestration c) {
                if (continuedAsNew) {
                    messages.add(InboxMessage.toSend(after.instanceId(), after.executionId(),
                            new HistoryEvent.ExecutionStarted(step.now(), after.name(), after.instanceId(),
                                    after.executionId(), c.result(), after.parentInstanceId(),
                                    after.parentTaskId() == null ? -1 : after.parentTaskId()), step.now()));
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
        Uni<Void> historyWrite = continuedAsNew
                ? history.deleteAll(tx, after.instanceId())
                : history.append(tx, after.instanceId(), step.before().executionId(), step.historySize(),
                step.newHistory(), step.now());
        boolean wakesOrchestrations = !children.isEmpty()
                || messages.stream().anyMatch(m -> !m.visibleAt().isAfter(step.now()));
        return historyWrite
                .chain(() -> inbox.delete(tx, step.consumed()))
                .chain(() -> workItems.enqueue(tx, after.instanceId(), step.before().executionId(), tasks,
                        step.now(), step.traceParent()))
                .chain(() -> createChildren(tx, after, step.before().executionId(), children, step.now(), messages,
                        step.traceParent()))
                .chain(() -> inbox.send(tx, messages, step.now()))
                .chain(() -> tasks.isEmpty() ? Uni.createFrom().voidItem()
                        : notifications.notify(tx, Notifications.ACTIVITIES))
                .chain(() -> wakesOrchestrations ? notifications.notify(tx, Notifications.ORCHESTRATIONS)
                        : Uni.createFrom().voidItem());
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

    /**
     * Creates each child instance; a child whose ID is taken by a live instance fails the parent's task.
     *
     * @param parentExecutionId the parent execution that scheduled the children, the only one their results reach
     * @param traceParent       the trace context of the parent's step, which the children's steps continue
     */
    private Uni<Void> createChildren(SqlClient tx, InstanceRecord parent, String parentExecutionId,
                                     List<OrchestratorAction.CreateSubOrchestration> children, Instant now,
                                     List<InboxMessage> messages, String traceParent) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (OrchestratorAction.CreateSubOrchestration c : children) {
            String executionId = UUID.randomUUID().toString();
            InstanceRecord child = new InstanceRecord(c.instanceId(), executionId, c.name(),
                    OrchestrationRuntimeStatus.Pending, c.input(), null, null, null, parent.instanceId(), c.taskId(),
                    parentExecutionId, now, now, null, null, traceParent);
            chain = chain.chain(() -> insertInstance(tx, child, now).invoke(created -> {
                if (created) {
                    messages.add(startMessage(child, now));
                } else {
                    messages.add(InboxMessage.toSend(parent.instanceId(), parentExecutionId,
                            new HistoryEvent.SubOrchestrationInstanceFailed(now, c.taskId(), FailureDetails.of(
                                    "dev.reprise.api.RepriseException", "Cannot start sub-orchestration '"
                                            + c.name() + "' as instance '" + c.instanceId()
                                            + "': an instance with that ID is still running", true)), now));
                }
            }).replaceWithVoid());
        }
        return chain;
    }

    private Uni<Boolean> insertInstance(SqlClient tx, InstanceRecord instance, Instant now) {
        return instances.insertPending(tx, instance).chain(outcome -> switch (outcome) {
            case CREATED -> Uni.createFrom().item(true);
            case REPLACED -> history.deleteAll(tx, instance.instanceId())
                    .chain(() -> inbox.deleteAll(tx, instance.instanceId()))
                    .chain(() -> workItems.deleteAll(tx, instance.instanceId()))
                    .replaceWith(true);
            case EXISTS -> Uni.createFrom().item(false);
        });
    }

    private static InboxMessage startMessage(InstanceRecord instance, Instant now) {
        Instant visibleAt = instance.scheduledStartAt() != null ? instance.scheduledStartAt() : now;
        return InboxMessage.toSend(instance.instanceId(), instance.executionId(),
                new HistoryEvent.ExecutionStarted(now, instance.name(), instance.instanceId(),
                        instance.executionId(), instance.input(), instance.parentInstanceId(),
                        instance.parentTaskId() == null ? -1 : instance.parentTaskId()), visibleAt);
    }

    /**
     * Creates a Pending instance and its start message, as a client's start request.
     *
     * @return {@code false} when an instance with the same ID is still live
     */
    public Uni<Boolean> createInstance(InstanceRecord instance, Instant now) {
        return pool.withTransaction(tx -> insertInstance(tx, instance, now).chain(created -> {
            if (!created) {
                return Uni.createFrom().item(false);
            }
            return inbox.send(tx, List.of(startMessage(instance, now)), now)
                    .chain(() -> notifications.notify(tx, Notifications.ORCHESTRATIONS))
                    .replaceWith(true);
        }));
    }

    /** Delivers {@code event} to an instance's inbox (external event, terminate, suspend, resume). */
    public Uni<Void> sendToInstance(String instanceId, HistoryEvent event, Instant now) {
        return pool.withTransaction(tx -> inbox.send(tx, List.of(InboxMessage.toSend(instanceId, null, event, now)),
                now).chain(() -> notifications.notify(tx, Notifications.ORCHESTRATIONS)));
    }

    /** Drops messages that can no longer change the instance (it finished, or they belong to an old execution). */
    public Uni<Void> discard(String owner, String instanceId, List<Long> messageIds) {
        return pool.withTransaction(tx -> inbox.delete(tx, messageIds)
                .chain(() -> instances.release(tx, instanceId, owner)));
    }

    /**
     * Gives up every lease {@code owner} holds, instances and work items, and tells the other replicas, so they take
     * the work over at once instead of after the leases expire. Emits how many leases were released.
     */
    public Uni<Integer> releaseAll(String owner, Instant now) {
        return pool.withTransaction(tx -> instances.releaseAll(tx, owner)
                .chain(released -> workItems.releaseAll(tx, owner, now).map(more -> released + more))
                .call(released -> released == 0 ? Uni.createFrom().voidItem()
                        : notifications.notify(tx, Notifications.ORCHESTRATIONS)
                        .chain(() -> notifications.notify(tx, Notifications.ACTIVITIES))));
    }

    /** Gives up an instance's lease without writing anything, so it can be claimed again at once. */
    public Uni<Void> release(String owner, String instanceId) {
        return instances.release(pool, instanceId, owner);
    }

    /**
     * Records an activity's outcome: removes its work item and sends the result to the orchestration, atomically.
     * A worker that lost its lease writes nothing; the redelivered execution reports instead.
     */
    public Uni<Boolean> completeActivity(String owner, WorkItem item, HistoryEvent outcome, Instant now) {
        return pool.withTransaction(tx -> workItems.complete(tx, item.id(), owner).chain(held -> {
            if (!held) {
                return Uni.createFrom().item(false);
            }
            return inbox.send(tx, List.of(InboxMessage.toSend(item.instanceId(), item.executionId(), outcome, now)),
                            now)
                    .chain(() -> notifications.notify(tx, Notifications.ORCHESTRATIONS))
                    .replaceWith(true);
        }));
    }
}
