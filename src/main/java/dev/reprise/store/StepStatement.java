package dev.reprise.store;

import dev.reprise.api.HistoryEvent;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.history.HistoryCodec;
import dev.reprise.history.OrchestratorAction;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The one statement that commits orchestration steps, of one instance or many (group commit), whatever they did:
 * data-modifying CTEs, so one round trip and one implicit transaction. A step takes effect only if this process still
 * holds its instance's lease, the stored history still has the size the step started from, and every locally run work
 * item whose outcome the step records is still leased here; otherwise nothing of that step is written.
 */
final class StepStatement {

    /**
     * A step that ends its execution (completed, failed, terminated, continued as new) releases every entity lock the
     * execution holds, in its own commit: a release to each entry of the instance's {@code entity_locks}, as read
     * by the step's own update of the row (so it includes a lock granted while the step committed).
     */
    private static final String ENDED_EXECUTION_RELEASES = """
                SELECT h.instance_id, l.entity_id, split_part(l.entity_id, '@', 2),
                       substr(l.entity_id, 2 + strpos(substr(l.entity_id, 2), '@')), 'release', $71::text,
                       h.instance_id, l.execution_id, h.updated, h.updated, 1000000 + row_number() OVER ()
                FROM held h CROSS JOIN LATERAL unnest(h.entity_locks) AS x
                     CROSS JOIN LATERAL (SELECT split_part(x, ' ', 1) AS execution_id,
                                                substr(x, strpos(x, ' ') + 1) AS entity_id) l
                WHERE h.status IN ('Completed', 'Failed', 'Terminated', 'ContinuedAsNew')""";

    /**
     * A step that ends its execution removes, in its own commit, the work that no longer matters: its durable timers
     * and other messages still in the inbox (after continue-as-new, only those of the ended execution: the next one's
     * start and clients' events stay), and its work items, running ones included (a worker renewing a lease it no
     * longer finds tells the activity it is cancelled, and its result is dropped). Gated by $79 (some step of the
     * batch ends its execution) and looked up by instance ID, so other steps pay nothing.
     */
    private static final String ENDED_EXECUTION_CANCELS = """
            cancelled_messages AS (
                DELETE FROM reprise_inbox m USING held h
                WHERE $79 AND m.task_hub = $1 AND m.instance_id = h.instance_id
                  AND h.status IN ('Completed', 'Failed', 'Terminated', 'ContinuedAsNew')
                  AND (NOT h.continued OR m.execution_id <> h.execution_id)
            ), cancelled_work AS (
                DELETE FROM reprise_work_items w USING held h
                WHERE $79 AND w.task_hub = $1 AND w.instance_id = h.instance_id
                  AND h.status IN ('Completed', 'Failed', 'Terminated', 'ContinuedAsNew')
                  AND NOT w.id = ANY($26::bigint[])
            )""";

    static final String SQL = """
            WITH step AS (
                SELECT * FROM unnest($3::text[], $4::integer[], $5::text[], $6::text[], $7::text[], $8::boolean[],
                                     $9::text[], $10::timestamptz[], $11::timestamptz[], $12::text[], $13::text[],
                                     $14::integer[], $15::timestamptz[], $16::boolean[], $17::integer[])
                     AS s(instance_id, expected_size, status, output, failure, custom_set, custom_status, updated,
                          completed, execution_id, input, history_size, lease_until, continued, n_items)
            ), items AS (
                SELECT w.id, w.instance_id FROM reprise_work_items w
                WHERE cardinality($26::bigint[]) > 0 AND w.id = ANY($26::bigint[]) AND w.lease_owner = $2
                FOR UPDATE
            ), item_counts AS (
                SELECT t.instance_id, count(*) AS n FROM items t GROUP BY t.instance_id
            ), held AS (
                UPDATE reprise_instances i
                SET runtime_status = s.status, output = s.output, failure = s.failure,
                    custom_status = CASE WHEN s.custom_set THEN s.custom_status ELSE i.custom_status END,
                    last_updated_at = s.updated, completed_at = s.completed, execution_id = s.execution_id,
                    input = s.input, history_size = s.history_size,
                    lease_owner = CASE WHEN s.lease_until IS NULL THEN NULL ELSE $2 END,
                    lease_expires_at = s.lease_until
                FROM step s LEFT JOIN item_counts c ON c.instance_id = s.instance_id
                WHERE i.task_hub = $1 AND i.instance_id = ANY($3::text[]) AND i.instance_id = s.instance_id
                  AND i.lease_owner = $2 AND i.history_size = s.expected_size AND s.n_items = coalesce(c.n, 0)
                RETURNING i.instance_id, s.continued, s.status, s.updated, i.entity_locks, s.execution_id
            ), history AS (
                INSERT INTO reprise_history (task_hub, instance_id, sequence_number, execution_id, event_type, payload,
                                             created_at)
                SELECT $1, e.instance_id, e.sequence_number, e.execution_id, e.event_type, e.payload, e.created_at
                FROM unnest($18::text[], $19::integer[], $20::text[], $21::text[], $22::text[], $23::timestamptz[])
                     AS e(instance_id, sequence_number, execution_id, event_type, payload, created_at)
                WHERE e.instance_id IN (SELECT instance_id FROM held)
            ), superseded AS (
                DELETE FROM reprise_history h
                WHERE TRUE = ANY($16::boolean[]) AND h.task_hub = $1
                  AND h.instance_id IN (SELECT instance_id FROM held WHERE continued)
            ), consumed AS (
                DELETE FROM reprise_inbox m USING unnest($24::text[], $25::bigint[]) AS c(instance_id, id)
                WHERE cardinality($25::bigint[]) > 0 AND m.id = ANY($25::bigint[]) AND m.id = c.id
                  AND c.instance_id IN (SELECT instance_id FROM held)
            ), done AS (
                DELETE FROM reprise_work_items w USING items t
                WHERE cardinality($26::bigint[]) > 0 AND w.id = ANY($26::bigint[]) AND w.id = t.id
                  AND t.instance_id IN (SELECT instance_id FROM held)
            ), """ + ENDED_EXECUTION_CANCELS + """
            , work AS (
                INSERT INTO reprise_work_items (task_hub, instance_id, execution_id, task_id, name, input, visible_at,
                                                created_at, trace_parent, lease_owner, delivery_count, rank,
                                                timeout_ms, heartbeat_timeout_ms, deadline_at)
                SELECT $1, w.instance_id, w.execution_id, w.task_id, w.name, w.input, w.visible_at, w.created_at,
                       w.trace_parent, w.lease_owner, w.delivery_count, w.rank, w.timeout_ms, w.heartbeat_timeout_ms,
                       w.deadline_at
                FROM unnest($27::text[], $28::text[], $29::integer[], $30::text[], $31::text[], $32::timestamptz[],
                            $33::timestamptz[], $34::text[], $35::text[], $36::integer[], $37::integer[],
                            $75::bigint[], $76::bigint[], $77::timestamptz[])
                     AS w(instance_id, execution_id, task_id, name, input, visible_at, created_at, trace_parent,
                          lease_owner, delivery_count, rank, timeout_ms, heartbeat_timeout_ms, deadline_at)
                WHERE cardinality($27::text[]) > 0 AND w.instance_id IN (SELECT instance_id FROM held)
                ON CONFLICT (task_hub, instance_id, execution_id, task_id) DO NOTHING
                RETURNING id, instance_id, task_id, lease_owner
            ), children AS (
                INSERT INTO reprise_instances (task_hub, instance_id, execution_id, name, runtime_status, input,
                                               parent_instance_id, parent_task_id, parent_execution_id, created_at,
                                               last_updated_at, scheduled_start_at, trace_parent, lease_owner,
                                               lease_expires_at, version)
                SELECT $1, k.instance_id, k.execution_id, k.name, 'Pending', k.input, k.parent, k.parent_task_id,
                       k.parent_execution_id, k.created_at, k.created_at, NULL, k.trace_parent, NULL, NULL, k.version
                FROM unnest($45::text[], $46::text[], $47::text[], $48::text[], $49::text[], $50::integer[],
                            $51::text[], $52::timestamptz[], $53::text[], $78::text[])
                     AS k(parent, instance_id, execution_id, name, input, parent_task_id, parent_execution_id,
                          created_at, trace_parent, version)
                WHERE cardinality($45::text[]) > 0 AND k.parent IN (SELECT instance_id FROM held)
                """ + Sql.INSERT_OR_REUSE_FINISHED + "\n), " + Sql.dropReplaced("children", "cardinality($45::text[]) > 0")
                + """
            , child_messages AS (
                INSERT INTO reprise_inbox (task_hub, instance_id, execution_id, event_type, payload, visible_at,
                                           created_at)
                SELECT $1, CASE WHEN r.instance_id IS NULL THEN k.parent ELSE k.instance_id END,
                       CASE WHEN r.instance_id IS NULL THEN k.parent_execution_id ELSE k.execution_id END,
                       CASE WHEN r.instance_id IS NULL THEN 'SubOrchestrationInstanceFailed'
                            ELSE 'ExecutionStarted' END,
                       CASE WHEN r.instance_id IS NULL THEN k.refusal ELSE k.start END,
                       k.created_at, k.created_at
                FROM unnest($45::text[], $46::text[], $47::text[], $51::text[], $52::timestamptz[], $54::text[],
                            $55::text[]) WITH ORDINALITY
                     AS k(parent, instance_id, execution_id, parent_execution_id, created_at, start, refusal, n)
                LEFT JOIN children r ON r.instance_id = k.instance_id
                WHERE cardinality($45::text[]) > 0 AND k.parent IN (SELECT instance_id FROM held)
                ORDER BY k.n
            ), sent AS (
                INSERT INTO reprise_inbox (task_hub, instance_id, execution_id, event_type, payload, visible_at,
                                           created_at)
                SELECT $1, m.instance_id, m.execution_id, m.event_type, m.payload, m.visible_at, m.created_at
                FROM unnest($38::text[], $39::text[], $40::text[], $41::text[], $42::text[], $43::timestamptz[],
                            $44::timestamptz[])
                     WITH ORDINALITY AS m(sender, instance_id, execution_id, event_type, payload, visible_at,
                                          created_at, n)
                WHERE cardinality($38::text[]) > 0 AND m.sender IN (SELECT instance_id FROM held)
                  AND (EXISTS (SELECT 1 FROM reprise_instances i
                               WHERE i.task_hub = $1 AND i.instance_id = m.instance_id)
                       OR m.instance_id IN (SELECT instance_id FROM children))
                ORDER BY m.n
            ), """ + EntitySends.ctes(61, "$74", "t.origin IN (SELECT instance_id FROM held)",
                    ENDED_EXECUTION_RELEASES) + """
            SELECT coalesce((SELECT array_agg(instance_id) FROM held), '{}') AS held,
                   coalesce((SELECT array_agg(id ORDER BY id) FROM work WHERE lease_owner IS NOT NULL), '{}')
                       AS local_ids,
                   coalesce((SELECT array_agg(instance_id ORDER BY id) FROM work WHERE lease_owner IS NOT NULL),
                            '{}') AS local_instances,
                   coalesce((SELECT array_agg(task_id ORDER BY id) FROM work WHERE lease_owner IS NOT NULL), '{}')
                       AS local_tasks,
                   CASE WHEN $56 AND EXISTS (SELECT 1 FROM held) THEN pg_notify($57, $58) END AS activities,
                   CASE WHEN $59 AND EXISTS (SELECT 1 FROM held) THEN pg_notify($57, $60) END AS orchestrations,
                   CASE WHEN $72 AND EXISTS (SELECT 1 FROM entity_sent) THEN pg_notify($57, $73) END AS entities,
                   EXISTS (SELECT 1 FROM entity_sent) AS messaged_entities""";

    /**
     * {@link #SQL} for a batch in which no step ends its execution, starts a sub-orchestration, sends an event or a
     * durable timer, or messages an entity: the common step, activity outcomes in and activities out. The same
     * parameters; see {@link LeanStatement} for why it pays.
     */
    static final String LEAN_SQL = LeanStatement.of(SQL,
            Set.of("superseded", "cancelled_messages", "cancelled_work", "children", "replaced_history",
                    "replaced_inbox", "replaced_work", "child_messages", "sent", "entity_sends", "entity_shared",
                    "entity_created", "entity_sent"),
            List.of("CASE WHEN $72 AND EXISTS (SELECT 1 FROM entity_sent) THEN pg_notify($57, $73) END AS entities,",
                    "",
                    "EXISTS (SELECT 1 FROM entity_sent) AS messaged_entities", "FALSE AS messaged_entities"),
            Map.of(72, "boolean", 73, "text", 74, "boolean", 79, "boolean"));

    /**
     * What committing one step did: the history payload size appended, the work items written for this process, and
     * whether the statement (this step or another of the batch) wrote messages to entities.
     */
    record Result(String instanceId, boolean applied, long appendedBytes, Map<Integer, Long> localWorkItems,
                  boolean messagedEntities) {
    }

    private final Unnest steps = new Unnest(15);
    private final Unnest history = new Unnest(6);
    private final Unnest consumed = new Unnest(2);
    private final Unnest done = new Unnest(1);
    private final Unnest work = new Unnest(14);
    private final Unnest messages = new Unnest(7);
    private final Unnest children = new Unnest(12);
    private final EntitySends entityMessages = new EntitySends();
    private final String releasePayload;
    private final long[] bytes;
    private final List<StepCommit> batch;
    private final String owner;
    private boolean queuesActivities;
    private boolean wakesOrchestrations;
    private boolean endsExecutions;

    /** Binds {@code batch}, steps of distinct instances committed by {@code owner}, into the statement's columns. */
    StepStatement(List<StepCommit> batch, String owner, HistoryCodec codec) {
        this.batch = batch;
        this.owner = owner;
        this.bytes = new long[batch.size()];
        this.releasePayload = codec.encodeMessage(dev.reprise.history.EntityMessage.release());
        for (int k = 0; k < batch.size(); k++) {
            bind(k, batch.get(k), codec);
        }
    }

    private void bind(int k, StepCommit step, HistoryCodec codec) {
        InstanceRecord after = step.after();
        String id = after.instanceId();
        String executionId = step.before().executionId();
        boolean continued = after.runtimeStatus() == OrchestrationRuntimeStatus.ContinuedAsNew;
        endsExecutions |= continued || after.runtimeStatus().isTerminal();
        OffsetDateTime at = Sql.ts(step.now());
        steps.add(id, step.historySize(), after.runtimeStatus().name(), after.output(),
                codec.encodeFailure(after.failure()), step.customStatusSet(), after.customStatus(),
                Sql.ts(after.lastUpdatedAt()), Sql.ts(after.completedAt()), after.executionId(), after.input(),
                continued ? 0 : step.historySize() + step.newHistory().size(), Sql.ts(step.local().keepLeaseUntil()),
                continued, step.completedWorkItems().size());
        if (!continued) {
            for (int i = 0; i < step.newHistory().size(); i++) {
                HistoryEvent e = step.newHistory().get(i);
                String payload = codec.encode(e);
                bytes[k] += payload.length();
                history.add(id, step.historySize() + i, executionId, e.eventType(), payload, at);
            }
        }
        for (Long message : step.consumed()) {
            consumed.add(id, message);
        }
        for (Long item : step.completedWorkItems()) {
            done.add(item);
        }
        StepPlan plan = new StepPlan(step);
        OffsetDateTime localLease = Sql.ts(step.local().tasksLeaseUntil());
        for (int rank = 0; rank < plan.tasks.size(); rank++) {
            OrchestratorAction.ScheduleTask t = plan.tasks.get(rank);
            boolean here = step.local().tasks().contains(t.taskId());
            queuesActivities |= !here;
            // An attempt written leased here starts now, so its deadline is set now; others get theirs at claim.
            work.add(id, executionId, t.taskId(), t.name(), t.input(), here ? localLease : at, at,
                    step.traceParent(), here ? owner : null, here ? 1 : 0, rank, millis(t.timeout()),
                    millis(t.heartbeatTimeout()), here && t.timeout() != null ? Sql.ts(step.now().plus(t.timeout()))
                            : null);
        }
        for (InboxMessage m : plan.messages) {
            messages.add(id, m.instanceId(), m.executionId(), m.event().eventType(), codec.encode(m.event()),
                    Sql.ts(m.visibleAt()), at);
        }
        for (OrchestratorAction.CreateSubOrchestration c : plan.children) {
            String childExecution = UUID.randomUUID().toString();
            // A sub-orchestration inherits its parent's version, as in Durable Functions.
            HistoryEvent start = new HistoryEvent.ExecutionStarted(step.now(), c.name(), c.instanceId(),
                    childExecution, c.input(), id, c.taskId(), step.before().version());
            children.add(id, c.instanceId(), childExecution, c.name(), c.input(), c.taskId(), executionId, at,
                    step.traceParent(), codec.encode(start), codec.encode(StepPlan.childRefused(c, step.now())),
                    step.before().version());
        }
        entityMessages.addAll(plan.entityMessages, step.now(), codec);
        wakesOrchestrations |= plan.wakesOrchestrations(step.now());
    }

    private static Long millis(java.time.Duration d) {
        return d == null ? null : d.toMillis();
    }

    /**
     * The statement's text: {@link #LEAN_SQL} when the batch needs none of the parts it leaves out, else
     * {@link #SQL}.
     */
    String sql() {
        boolean lean = !endsExecutions && children.size() == 0 && messages.size() == 0 && entityMessages.size() == 0;
        return lean ? LEAN_SQL : SQL;
    }

    boolean queuesActivities() {
        return queuesActivities;
    }

    boolean wakesOrchestrations() {
        return wakesOrchestrations;
    }

    /** Whether the statement may write messages to entities: the steps' own, or releases of ended executions. */
    boolean mayMessageEntities() {
        return endsExecutions || entityMessages.size() > 0;
    }

    Tuple tuple(String taskHub, boolean notifyActivities, boolean notifyOrchestrations, String channel,
                String activitiesPayload, String orchestrationsPayload, boolean notifyEntities,
                String entitiesPayload) {
        List<Object> values = new ArrayList<>(Arrays.asList(taskHub, owner,
                steps.column(0, String[]::new), steps.column(1, Integer[]::new), steps.column(2, String[]::new),
                steps.column(3, String[]::new), steps.column(4, String[]::new), steps.column(5, Boolean[]::new),
                steps.column(6, String[]::new), steps.column(7, OffsetDateTime[]::new),
                steps.column(8, OffsetDateTime[]::new), steps.column(9, String[]::new),
                steps.column(10, String[]::new), steps.column(11, Integer[]::new),
                steps.column(12, OffsetDateTime[]::new), steps.column(13, Boolean[]::new),
                steps.column(14, Integer[]::new),
                history.column(0, String[]::new), history.column(1, Integer[]::new), history.column(2, String[]::new),
                history.column(3, String[]::new), history.column(4, String[]::new),
                history.column(5, OffsetDateTime[]::new),
                consumed.column(0, String[]::new), consumed.column(1, Long[]::new),
                done.column(0, Long[]::new),
                work.column(0, String[]::new), work.column(1, String[]::new), work.column(2, Integer[]::new),
                work.column(3, String[]::new), work.column(4, String[]::new), work.column(5, OffsetDateTime[]::new),
                work.column(6, OffsetDateTime[]::new), work.column(7, String[]::new), work.column(8, String[]::new),
                work.column(9, Integer[]::new), work.column(10, Integer[]::new),
                messages.column(0, String[]::new), messages.column(1, String[]::new),
                messages.column(2, String[]::new), messages.column(3, String[]::new),
                messages.column(4, String[]::new), messages.column(5, OffsetDateTime[]::new),
                messages.column(6, OffsetDateTime[]::new),
                children.column(0, String[]::new), children.column(1, String[]::new),
                children.column(2, String[]::new), children.column(3, String[]::new),
                children.column(4, String[]::new), children.column(5, Integer[]::new),
                children.column(6, String[]::new), children.column(7, OffsetDateTime[]::new),
                children.column(8, String[]::new), children.column(9, String[]::new),
                children.column(10, String[]::new),
                notifyActivities, channel, activitiesPayload, notifyOrchestrations, orchestrationsPayload));
        values.addAll(List.of(entityMessages.columns()));
        values.add(releasePayload);
        values.add(notifyEntities);
        values.add(entitiesPayload);
        values.add(mayMessageEntities());
        values.add(work.column(11, Long[]::new));
        values.add(work.column(12, Long[]::new));
        values.add(work.column(13, OffsetDateTime[]::new));
        values.add(children.column(11, String[]::new));
        values.add(endsExecutions);
        return Tuple.from(values.toArray());
    }

    /** One result per step of the batch, in order, from the statement's single row. */
    List<Result> results(Row row) {
        Set<String> held = Set.of(row.getArrayOfStrings("held"));
        Long[] localIds = row.getArrayOfLongs("local_ids");
        String[] localInstances = row.getArrayOfStrings("local_instances");
        Integer[] localTasks = row.getArrayOfIntegers("local_tasks");
        Map<String, Map<Integer, Long>> local = new HashMap<>();
        for (int i = 0; i < localIds.length; i++) {
            local.computeIfAbsent(localInstances[i], x -> new HashMap<>()).put(localTasks[i], localIds[i]);
        }
        List<Result> out = new ArrayList<>(batch.size());
        for (int k = 0; k < batch.size(); k++) {
            String id = batch.get(k).after().instanceId();
            boolean applied = held.contains(id);
            out.add(new Result(id, applied, applied ? bytes[k] : 0,
                    applied ? local.getOrDefault(id, Map.of()) : Map.of(), row.getBoolean("messaged_entities")));
        }
        return out;
    }
}
