package dev.reprise.store;

import dev.reprise.history.HistoryCodec;

import dev.reprise.api.FailureDetails;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.config.RepriseConfig;
import dev.reprise.api.HistoryEvent;
import dev.reprise.history.OrchestratorAction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The durable steps of the engine, each one transaction over the repositories: an orchestration step, an activity
 * result, a new instance, a message to an instance.
 */
@ApplicationScoped
public class OrchestrationStore {

    // The common steps (no sub-orchestration started, no continue-as-new) of one or more instances as one statement,
    // so one round trip and one implicit transaction (group commit when there are several): every part takes effect
    // only for the instances whose lease this process still holds (held), a history sequence number written twice
    // fails the whole statement, and it emits the IDs of the instances it wrote.
    private static final String STEPS = """
            WITH step AS (
                SELECT * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::text[],
                                     $9::timestamptz[], $10::timestamptz[], $11::text[], $12::text[], $13::integer[])
                     AS s(instance_id, status, output, failure, custom_set, custom_status, updated, completed,
                          execution_id, input, history_size)
            ), held AS (
                UPDATE reprise_instances i
                SET runtime_status = s.status, output = s.output, failure = s.failure,
                    custom_status = CASE WHEN s.custom_set THEN s.custom_status ELSE i.custom_status END,
                    last_updated_at = s.updated, completed_at = s.completed, execution_id = s.execution_id,
                    input = s.input, history_size = s.history_size, lease_owner = NULL, lease_expires_at = NULL
                FROM step s
                WHERE i.task_hub = $1 AND i.instance_id = s.instance_id AND i.lease_owner = $2
                RETURNING i.instance_id
            ), history AS (
                INSERT INTO reprise_history (task_hub, instance_id, sequence_number, execution_id, event_type, payload,
                                             created_at)
                SELECT $1, e.instance_id, e.sequence_number, e.execution_id, e.event_type, e.payload, e.created_at
                FROM unnest($14::text[], $15::integer[], $16::text[], $17::text[], $18::text[], $19::timestamptz[])
                     AS e(instance_id, sequence_number, execution_id, event_type, payload, created_at)
                WHERE e.instance_id IN (SELECT instance_id FROM held)
            ), consumed AS (
                DELETE FROM reprise_inbox m USING unnest($20::text[], $21::bigint[]) AS c(instance_id, id)
                WHERE m.id = c.id AND c.instance_id IN (SELECT instance_id FROM held)
            ), work AS (
                INSERT INTO reprise_work_items (task_hub, instance_id, execution_id, task_id, name, input, visible_at,
                                                created_at, trace_parent)
                SELECT $1, w.instance_id, w.execution_id, w.task_id, w.name, w.input, w.at, w.at, w.trace_parent
                FROM unnest($22::text[], $23::text[], $24::integer[], $25::text[], $26::text[], $27::timestamptz[],
                            $28::text[]) AS w(instance_id, execution_id, task_id, name, input, at, trace_parent)
                WHERE w.instance_id IN (SELECT instance_id FROM held)
                ON CONFLICT (task_hub, instance_id, execution_id, task_id) DO NOTHING
            ), sent AS (
                INSERT INTO reprise_inbox (task_hub, instance_id, execution_id, event_type, payload, visible_at,
                                           created_at)
                SELECT $1, m.instance_id, m.execution_id, m.event_type, m.payload, m.visible_at, m.created_at
                FROM unnest($29::text[], $30::text[], $31::text[], $32::text[], $33::text[], $34::timestamptz[],
                            $35::timestamptz[])
                     WITH ORDINALITY AS m(sender, instance_id, execution_id, event_type, payload, visible_at,
                                          created_at, n)
                WHERE m.sender IN (SELECT instance_id FROM held)
                  AND EXISTS (SELECT 1 FROM reprise_instances i WHERE i.task_hub = $1 AND i.instance_id = m.instance_id)
                ORDER BY m.n
            )
            SELECT coalesce((SELECT array_agg(instance_id) FROM held), '{}') AS held,
                   CASE WHEN $36 AND EXISTS (SELECT 1 FROM held) THEN pg_notify($37, $38) END AS activities,
                   CASE WHEN $39 AND EXISTS (SELECT 1 FROM held) THEN pg_notify($37, $40) END AS orchestrations""";

    // Many activities' results as one statement (group commit): each work item goes and its result reaches the
    // inbox only while this worker still holds the item's lease; emits the ids it held.
    private static final String COMPLETE_ACTIVITIES = """
            WITH done AS (
                DELETE FROM reprise_work_items WHERE id = ANY($2) AND lease_owner = $1 RETURNING id
            ), sent AS (
                INSERT INTO reprise_inbox (task_hub, instance_id, execution_id, event_type, payload, visible_at,
                                           created_at)
                SELECT $3, r.instance_id, r.execution_id, r.event_type, r.payload, r.at, r.at
                FROM unnest($2::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
                     WITH ORDINALITY AS r(id, instance_id, execution_id, event_type, payload, at, n)
                WHERE r.id IN (SELECT id FROM done)
                  AND EXISTS (SELECT 1 FROM reprise_instances i WHERE i.task_hub = $3 AND i.instance_id = r.instance_id)
                ORDER BY r.n
            )
            SELECT coalesce(array_agg(id), '{}') AS held,
                   CASE WHEN $11 AND count(*) > 0 THEN pg_notify($9, $10) END AS notified
            FROM done""";

    private final Pool pool;
    private final HistoryCodec codec;
    private final String taskHub;
    private final InstanceRepository instances;
    private final HistoryRepository history;
    private final InboxRepository inbox;
    private final WorkItemRepository workItems;
    private final Notifications notifications;

    OrchestrationStore(Pool pool, HistoryCodec codec, RepriseConfig config,
                       InstanceRepository instances, HistoryRepository history, InboxRepository inbox,
                       WorkItemRepository workItems, Notifications notifications) {
        this.pool = pool;
        this.codec = codec;
        this.taskHub = config.taskHub();
        this.instances = instances;
        this.history = history;
        this.inbox = inbox;
        this.workItems = workItems;
        this.notifications = notifications;
    }

    public Pool pool() {
        return pool;
    }

    /** What committing one step of a batch did: the history payload size appended, or why nothing was written. */
    public record StepOutcome(long appendedBytes, Throwable failure) {

        /** As {@link #commitStep} answers: the bytes appended, or the failure. */
        public Uni<Long> toUni() {
            return failure != null ? Uni.createFrom().failure(failure) : Uni.createFrom().item(appendedBytes);
        }
    }

    /**
     * {@code true} for the common step that {@link #commitSteps} can batch: no sub-orchestration started, no
     * continue-as-new. Others go through {@link #commitStep} alone.
     */
    public boolean batchable(StepCommit step) {
        return step.after().runtimeStatus() != OrchestrationRuntimeStatus.ContinuedAsNew && step.actions().stream()
                .noneMatch(a -> a instanceof OrchestratorAction.CreateSubOrchestration);
    }

    /**
     * Commits several {@link #batchable} steps, of distinct instances, in one statement (group commit). Each step
     * takes effect only if {@code owner} still holds its instance's lease; the others get a
     * {@link LeaseLostException}. If the statement fails as a whole (e.g. one step's data is refused), each step is
     * committed alone, so a failure is reported only for the step that caused it.
     *
     * @return one outcome per step, in order
     */
    public Uni<List<StepOutcome>> commitSteps(String owner, List<StepCommit> steps) {
        if (steps.size() == 1) {
            return commitTogether(owner, steps).onFailure().recoverWithItem(e -> List.of(new StepOutcome(0, e)));
        }
        return commitTogether(owner, steps).onFailure().recoverWithUni(e -> Multi.createFrom().iterable(steps)
                .onItem().transformToUniAndConcatenate(step -> commitStep(owner, step)
                        .map(bytes -> new StepOutcome(bytes, null))
                        .onFailure().recoverWithItem(f -> new StepOutcome(0, f)))
                .collect().asList());
    }

    private Uni<List<StepOutcome>> commitTogether(String owner, List<StepCommit> steps) {
        int n = steps.size();
        String[] ids = new String[n];
        String[] statuses = new String[n];
        String[] outputs = new String[n];
        String[] failures = new String[n];
        Boolean[] customSet = new Boolean[n];
        String[] customStatus = new String[n];
        OffsetDateTime[] updated = new OffsetDateTime[n];
        OffsetDateTime[] completed = new OffsetDateTime[n];
        String[] executions = new String[n];
        String[] inputs = new String[n];
        Integer[] sizes = new Integer[n];
        List<String> hInstance = new ArrayList<>();
        List<Integer> hSequence = new ArrayList<>();
        List<String> hExecution = new ArrayList<>();
        List<String> hType = new ArrayList<>();
        List<String> hPayload = new ArrayList<>();
        List<OffsetDateTime> hAt = new ArrayList<>();
        List<String> cInstance = new ArrayList<>();
        List<Long> cId = new ArrayList<>();
        List<String> wInstance = new ArrayList<>();
        List<String> wExecution = new ArrayList<>();
        List<Integer> wTask = new ArrayList<>();
        List<String> wName = new ArrayList<>();
        List<String> wInput = new ArrayList<>();
        List<OffsetDateTime> wAt = new ArrayList<>();
        List<String> wTrace = new ArrayList<>();
        List<String> mSender = new ArrayList<>();
        List<String> mInstance = new ArrayList<>();
        List<String> mExecution = new ArrayList<>();
        List<String> mType = new ArrayList<>();
        List<String> mPayload = new ArrayList<>();
        List<OffsetDateTime> mVisible = new ArrayList<>();
        List<OffsetDateTime> mCreated = new ArrayList<>();
        long[] bytes = new long[n];
        boolean anyTasks = false;
        boolean wakesOrchestrations = false;
        for (int k = 0; k < n; k++) {
            StepCommit step = steps.get(k);
            InstanceRecord after = step.after();
            String id = after.instanceId();
            String executionId = step.before().executionId();
            OffsetDateTime at = Sql.ts(step.now());
            ids[k] = id;
            statuses[k] = after.runtimeStatus().name();
            outputs[k] = after.output();
            failures[k] = codec.encodeFailure(after.failure());
            customSet[k] = step.customStatusSet();
            customStatus[k] = after.customStatus();
            updated[k] = Sql.ts(after.lastUpdatedAt());
            completed[k] = Sql.ts(after.completedAt());
            executions[k] = after.executionId();
            inputs[k] = after.input();
            sizes[k] = step.historySize() + step.newHistory().size();
            for (int i = 0; i < step.newHistory().size(); i++) {
                HistoryEvent e = step.newHistory().get(i);
                String payload = codec.encode(e);
                bytes[k] += payload.length();
                hInstance.add(id);
                hSequence.add(step.historySize() + i);
                hExecution.add(executionId);
                hType.add(e.eventType());
                hPayload.add(payload);
                hAt.add(at);
            }
            for (Long consumed : step.consumed()) {
                cInstance.add(id);
                cId.add(consumed);
            }
            List<InboxMessage> messages = new ArrayList<>();
            List<OrchestratorAction.ScheduleTask> tasks = new ArrayList<>();
            plan(step, messages, tasks, new ArrayList<>());
            for (OrchestratorAction.ScheduleTask t : tasks) {
                wInstance.add(id);
                wExecution.add(executionId);
                wTask.add(t.taskId());
                wName.add(t.name());
                wInput.add(t.input());
                wAt.add(at);
                wTrace.add(step.traceParent());
            }
            anyTasks |= !tasks.isEmpty();
            for (InboxMessage m : messages) {
                mSender.add(id);
                mInstance.add(m.instanceId());
                mExecution.add(m.executionId());
                mType.add(m.event().eventType());
                mPayload.add(codec.encode(m.event()));
                mVisible.add(Sql.ts(m.visibleAt()));
                mCreated.add(at);
                wakesOrchestrations |= !m.visibleAt().isAfter(step.now());
            }
        }
        return pool.preparedQuery(STEPS).execute(Tuple.from(new Object[]{taskHub, owner, ids, statuses, outputs,
                        failures, customSet, customStatus, updated, completed, executions, inputs, sizes,
                        hInstance.toArray(String[]::new), hSequence.toArray(Integer[]::new),
                        hExecution.toArray(String[]::new), hType.toArray(String[]::new),
                        hPayload.toArray(String[]::new), hAt.toArray(OffsetDateTime[]::new),
                        cInstance.toArray(String[]::new), cId.toArray(Long[]::new),
                        wInstance.toArray(String[]::new), wExecution.toArray(String[]::new),
                        wTask.toArray(Integer[]::new), wName.toArray(String[]::new), wInput.toArray(String[]::new),
                        wAt.toArray(OffsetDateTime[]::new), wTrace.toArray(String[]::new),
                        mSender.toArray(String[]::new), mInstance.toArray(String[]::new),
                        mExecution.toArray(String[]::new), mType.toArray(String[]::new),
                        mPayload.toArray(String[]::new), mVisible.toArray(OffsetDateTime[]::new),
                        mCreated.toArray(OffsetDateTime[]::new),
                        anyTasks && notifications.due(Notifications.ACTIVITIES), Notifications.CHANNEL,
                        notifications.payload(Notifications.ACTIVITIES),
                        wakesOrchestrations && notifications.due(Notifications.ORCHESTRATIONS),
                        notifications.payload(Notifications.ORCHESTRATIONS)}))
                .map(rows -> {
                    Set<String> held = Set.of(rows.iterator().next().getArrayOfStrings("held"));
                    List<StepOutcome> out = new ArrayList<>(n);
                    for (int k = 0; k < n; k++) {
                        out.add(held.contains(ids[k]) ? new StepOutcome(bytes[k], null)
                                : new StepOutcome(0, new LeaseLostException("instance '" + ids[k] + "'")));
                    }
                    return out;
                });
    }

    /**
     * Commits one orchestration step: state, history, consumed messages and every action, atomically.
     *
     * @return the size of the history payloads appended (characters); a failed Uni with {@link LeaseLostException}
     *         when another replica took the instance over (nothing was written), or with the database error
     */
    public Uni<Long> commitStep(String owner, StepCommit step) {
        boolean continuedAsNew = step.after().runtimeStatus() == OrchestrationRuntimeStatus.ContinuedAsNew;
        int historySizeAfter = continuedAsNew ? 0 : step.historySize() + step.newHistory().size();
        if (batchable(step)) {
            return commitTogether(owner, List.of(step)).chain(outcomes -> outcomes.get(0).toUni());
        }
        return pool.withTransaction(tx -> instances.updateAfterStep(tx, owner, step.after(), step.customStatusSet(),
                        historySizeAfter)
                .chain(held -> {
                    if (!held) {
                        return Uni.createFrom().failure(new LeaseLostException("instance '"
                                + step.before().instanceId() + "'"));
                    }
                    return writeStep(tx, step);
                }));
    }

    /** Sorts a step's actions into work items to queue, inbox messages to send and children to start. */
    private static void plan(StepCommit step, List<InboxMessage> messages, List<OrchestratorAction.ScheduleTask> tasks,
                             List<OrchestratorAction.CreateSubOrchestration> children) {
        InstanceRecord after = step.after();
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
    }

    private Uni<Long> writeStep(SqlClient tx, StepCommit step) {
        InstanceRecord after = step.after();
        List<InboxMessage> messages = new ArrayList<>();
        List<OrchestratorAction.ScheduleTask> tasks = new ArrayList<>();
        List<OrchestratorAction.CreateSubOrchestration> children = new ArrayList<>();
        boolean continuedAsNew = after.runtimeStatus() == OrchestrationRuntimeStatus.ContinuedAsNew;
        plan(step, messages, tasks, children);
        Uni<Long> historyWrite = continuedAsNew
                ? history.deleteAll(tx, after.instanceId()).replaceWith(0L)
                : history.append(tx, after.instanceId(), step.before().executionId(), step.historySize(),
                step.newHistory(), step.now());
        boolean wakesOrchestrations = !children.isEmpty()
                || messages.stream().anyMatch(m -> !m.visibleAt().isAfter(step.now()));
        return historyWrite.call(() -> inbox.delete(tx, step.consumed())
                .chain(() -> workItems.enqueue(tx, after.instanceId(), step.before().executionId(), tasks,
                        step.now(), step.traceParent()))
                .chain(() -> createChildren(tx, after, step.before().executionId(), children, step.now(), messages,
                        step.traceParent()))
                .chain(() -> inbox.send(tx, messages, step.now()))
                .chain(() -> tasks.isEmpty() ? Uni.createFrom().voidItem()
                        : notifications.notify(tx, Notifications.ACTIVITIES))
                .chain(() -> wakesOrchestrations ? notifications.notify(tx, Notifications.ORCHESTRATIONS)
                        : Uni.createFrom().voidItem()));
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
                        : notifications.notifyNow(tx, Notifications.ORCHESTRATIONS)
                        .chain(() -> notifications.notifyNow(tx, Notifications.ACTIVITIES))));
    }

    /** Gives up an instance's lease without writing anything, so it can be claimed again at once. */
    public Uni<Void> release(String owner, String instanceId) {
        return instances.release(pool, instanceId, owner);
    }

    /** An activity's outcome to record. */
    public record ActivityOutcome(WorkItem item, HistoryEvent outcome, Instant now) {
    }

    /**
     * Records many activities' outcomes in one statement (group commit): removes each work item and sends its result
     * to its orchestration, atomically. A worker that lost an item's lease writes nothing for it; the redelivered
     * execution reports instead.
     *
     * @return per outcome, in order: {@code false} when its lease was lost and nothing was written for it
     */
    public Uni<List<Boolean>> completeActivities(String owner, List<ActivityOutcome> outcomes) {
        int n = outcomes.size();
        Long[] ids = new Long[n];
        String[] instanceIds = new String[n];
        String[] executionIds = new String[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            ActivityOutcome o = outcomes.get(i);
            ids[i] = o.item().id();
            instanceIds[i] = o.item().instanceId();
            executionIds[i] = o.item().executionId();
            types[i] = o.outcome().eventType();
            payloads[i] = codec.encode(o.outcome());
            at[i] = Sql.ts(o.now());
        }
        return pool.preparedQuery(COMPLETE_ACTIVITIES).execute(Tuple.from(new Object[]{owner, ids, taskHub,
                        instanceIds, executionIds, types, payloads, at, Notifications.CHANNEL,
                        notifications.payload(Notifications.ORCHESTRATIONS),
                        notifications.due(Notifications.ORCHESTRATIONS)}))
                .map(rows -> {
                    Set<Long> held = Set.of(rows.iterator().next().getArrayOfLongs("held"));
                    List<Boolean> out = new ArrayList<>(n);
                    for (Long id : ids) {
                        out.add(held.contains(id));
                    }
                    return out;
                });
    }
}
