package dev.reprise.store;

import dev.reprise.api.HistoryEvent;
import dev.reprise.history.HistoryCodec;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The one statement that commits entity batches, of one entity or many (group commit): data-modifying CTEs, so one
 * round trip and one implicit transaction. A batch takes effect only while this process holds the entity's lease
 * and the entity is at the version the batch started from (so a batch is never applied twice, even when a commit's
 * answer was lost and it is retried), and, when it leaves the entity locked by an orchestration execution, only if
 * that execution still runs: its instance row is locked and its lock entry added in the same commit, which is what
 * lets the step ending that execution see the lock and release it. Otherwise nothing of that batch is written.
 */
final class EntityStatement {

    static final String SQL = """
            WITH batch AS (
                SELECT * FROM unnest($3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[],
                                     $8::timestamptz[], $9::integer[])
                     AS b(entity_id, version, state, locked_by, locked_execution, modified, n_locks)
            ), marks AS (
                SELECT * FROM unnest($10::text[], $11::text[], $12::text[], $13::boolean[])
                     AS k(entity_id, instance_id, execution_id, held)
            ), requesters AS (
                SELECT i.instance_id, i.execution_id FROM reprise_instances i
                WHERE i.task_hub = $1 AND i.runtime_status IN ('Running', 'Suspended')
                  AND (i.instance_id, i.execution_id) IN (SELECT instance_id, execution_id FROM marks WHERE held)
                FOR NO KEY UPDATE
            ), held AS (
                UPDATE reprise_entities e
                SET state = b.state, locked_by = b.locked_by, locked_by_execution = b.locked_execution,
                    last_modified_at = coalesce(b.modified, e.last_modified_at), version = e.version + 1,
                    lease_owner = NULL, lease_expires_at = NULL
                FROM batch b
                WHERE e.task_hub = $1 AND e.entity_id = b.entity_id AND e.lease_owner = $2 AND e.version = b.version
                  AND b.n_locks = (SELECT count(*) FROM marks k JOIN requesters r
                                       ON r.instance_id = k.instance_id AND r.execution_id = k.execution_id
                                   WHERE k.entity_id = b.entity_id AND k.held)
                RETURNING e.entity_id
            ), marked AS (
                UPDATE reprise_instances i
                SET entity_locks = array_cat(ARRAY(SELECT x FROM unnest(i.entity_locks) AS x
                                                   WHERE x <> ALL (m.touched)), coalesce(m.added, '{}'))
                FROM (SELECT k.instance_id, array_agg(k.execution_id || ' ' || k.entity_id) AS touched,
                             array_agg(DISTINCT k.execution_id || ' ' || k.entity_id) FILTER (WHERE k.held) AS added
                      FROM marks k WHERE k.entity_id IN (SELECT entity_id FROM held)
                      GROUP BY k.instance_id) m
                WHERE i.task_hub = $1 AND i.instance_id = m.instance_id
            ), consumed AS (
                DELETE FROM reprise_entity_inbox m USING unnest($14::text[], $15::bigint[]) AS c(entity_id, id)
                WHERE m.id = c.id AND c.entity_id IN (SELECT entity_id FROM held)
            ), replies AS (
                INSERT INTO reprise_inbox (task_hub, instance_id, execution_id, event_type, payload, visible_at,
                                           created_at)
                SELECT $1, r.instance_id, r.execution_id, r.event_type, r.payload, r.at, r.at
                FROM unnest($16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::timestamptz[])
                     WITH ORDINALITY AS r(origin, instance_id, execution_id, event_type, payload, at, n)
                WHERE r.origin IN (SELECT entity_id FROM held)
                  AND EXISTS (SELECT 1 FROM reprise_instances i WHERE i.task_hub = $1 AND i.instance_id = r.instance_id)
                ORDER BY r.n
                RETURNING 1
            ), started AS (
                INSERT INTO reprise_instances (task_hub, instance_id, execution_id, name, runtime_status, input,
                                               created_at, last_updated_at)
                SELECT $1, k.instance_id, k.execution_id, k.name, 'Pending', k.input, k.at, k.at
                FROM unnest($22::text[], $23::text[], $24::text[], $25::text[], $26::text[], $27::timestamptz[],
                            $28::text[]) AS k(origin, instance_id, execution_id, name, input, at, start)
                WHERE k.origin IN (SELECT entity_id FROM held)
                ON CONFLICT (task_hub, instance_id) DO NOTHING
                RETURNING instance_id, execution_id
            ), start_messages AS (
                INSERT INTO reprise_inbox (task_hub, instance_id, execution_id, event_type, payload, visible_at,
                                           created_at)
                SELECT $1, k.instance_id, k.execution_id, 'ExecutionStarted', k.start, k.at, k.at
                FROM unnest($23::text[], $24::text[], $27::timestamptz[], $28::text[])
                     AS k(instance_id, execution_id, at, start)
                JOIN started s ON s.instance_id = k.instance_id AND s.execution_id = k.execution_id
                RETURNING 1
            ), """ + EntitySends.ctes(29, "cardinality($30::text[]) > 0", "t.origin IN (SELECT entity_id FROM held)", null) + """
            SELECT coalesce((SELECT array_agg(entity_id) FROM held), '{}') AS held,
                   (SELECT count(*) FROM replies) + (SELECT count(*) FROM start_messages) AS for_orchestrations,
                   (SELECT count(*) FROM entity_sent) AS for_entities,
                   CASE WHEN $39 AND (EXISTS (SELECT 1 FROM replies) OR EXISTS (SELECT 1 FROM start_messages))
                        THEN pg_notify($40, $41) END AS orchestrations,
                   CASE WHEN $42 AND EXISTS (SELECT 1 FROM entity_sent) THEN pg_notify($40, $43) END AS entities""";

    /** What the statement did: the entities whose batches were applied, and whether it woke anyone. */
    record Result(Set<String> applied, boolean wroteForOrchestrations, boolean wroteForEntities) {
    }

    private final Unnest batches = new Unnest(7);
    private final Unnest marks = new Unnest(4);
    private final Unnest consumed = new Unnest(2);
    private final Unnest replies = new Unnest(6);
    private final Unnest starts = new Unnest(7);
    private final EntitySends sends = new EntitySends();

    EntityStatement(List<EntityBatchCommit> batch, HistoryCodec codec) {
        for (EntityBatchCommit c : batch) {
            bind(c, codec);
        }
    }

    private void bind(EntityBatchCommit c, HistoryCodec codec) {
        String id = c.before().id().toString();
        OffsetDateTime at = Sql.ts(c.now());
        int held = 0;
        for (EntityBatchCommit.LockEntry lock : c.locks()) {
            marks.add(id, lock.instanceId(), lock.executionId(), lock.held());
            held += lock.held() ? 1 : 0;
        }
        batches.add(id, c.before().version(), c.state(), c.lockedBy(), c.lockedByExecution(),
                Sql.ts(c.lastModified()), held);
        for (Long message : c.consumed()) {
            consumed.add(id, message);
        }
        for (InboxMessage reply : c.replies()) {
            replies.add(id, reply.instanceId(), reply.executionId(), reply.event().eventType(),
                    codec.encode(reply.event()), at);
        }
        for (EntityBatchCommit.NewOrchestration start : c.starts()) {
            HistoryEvent started = new HistoryEvent.ExecutionStarted(c.now(), start.name(), start.instanceId(),
                    start.executionId(), start.input(), null, -1);
            starts.add(id, start.instanceId(), start.executionId(), start.name(), start.input(), at,
                    codec.encode(started));
        }
        for (EntityBatchCommit.EntitySendRequest send : c.sends()) {
            sends.add(new EntitySends.Send(id, send.target(), send.message(), send.senderInstance(),
                    send.senderExecution(), send.visibleAt()), c.now(), codec);
        }
    }

    /** Whether the statement may write messages for orchestrations (results, grants, starts). */
    boolean mayWriteForOrchestrations() {
        return replies.size() > 0 || starts.size() > 0;
    }

    /** Whether the statement may write messages for entities. */
    boolean mayWriteForEntities() {
        return sends.size() > 0;
    }

    Tuple tuple(String taskHub, String owner, boolean notifyOrchestrations, String channel,
                String orchestrationsPayload, boolean notifyEntities, String entitiesPayload) {
        List<Object> values = new ArrayList<>(Arrays.asList(taskHub, owner,
                batches.column(0, String[]::new), batches.column(1, Long[]::new), batches.column(2, String[]::new),
                batches.column(3, String[]::new), batches.column(4, String[]::new),
                batches.column(5, OffsetDateTime[]::new), batches.column(6, Integer[]::new),
                marks.column(0, String[]::new), marks.column(1, String[]::new), marks.column(2, String[]::new),
                marks.column(3, Boolean[]::new),
                consumed.column(0, String[]::new), consumed.column(1, Long[]::new),
                replies.column(0, String[]::new), replies.column(1, String[]::new), replies.column(2, String[]::new),
                replies.column(3, String[]::new), replies.column(4, String[]::new),
                replies.column(5, OffsetDateTime[]::new),
                starts.column(0, String[]::new), starts.column(1, String[]::new), starts.column(2, String[]::new),
                starts.column(3, String[]::new), starts.column(4, String[]::new),
                starts.column(5, OffsetDateTime[]::new), starts.column(6, String[]::new)));
        values.addAll(Arrays.asList(sends.columns()));
        values.addAll(Arrays.asList(notifyOrchestrations, channel, orchestrationsPayload, notifyEntities,
                entitiesPayload));
        return Tuple.from(values.toArray());
    }

    Result result(Row row) {
        return new Result(Set.of(row.getArrayOfStrings("held")), row.getLong("for_orchestrations") > 0,
                row.getLong("for_entities") > 0);
    }
}
