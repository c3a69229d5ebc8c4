package dev.reprise.store;

import dev.reprise.api.HistoryEvent;
import dev.reprise.history.HistoryCodec;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The statement that starts instances, one or many (group commit): each Pending instance row with its
 * {@code ExecutionStarted} message, in one round trip. A finished instance's ID is reused, as Durable Functions does
 * (its old history, messages and work items go in the same commit), unless the start's reuse policy forbids it; a
 * live one is never reused. An instance may be written
 * already leased to this process, which then runs its first step without a claim.
 */
final class StartStatement {

    static final String SQL = """
            WITH start AS (
                SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[],
                                     $7::timestamptz[], $8::text[], $9::text[], $10::timestamptz[], $11::text[],
                                     $15::boolean[], $16::text[])
                     WITH ORDINALITY
                     AS s(instance_id, execution_id, name, input, created_at, scheduled_start_at, trace_parent,
                          lease_owner, lease_expires_at, start, reuse, version, n)
            ), created AS (
                INSERT INTO reprise_instances (task_hub, instance_id, execution_id, name, runtime_status, input,
                                               parent_instance_id, parent_task_id, parent_execution_id, created_at,
                                               last_updated_at, scheduled_start_at, trace_parent, lease_owner,
                                               lease_expires_at, version)
                SELECT $1, s.instance_id, s.execution_id, s.name, 'Pending', s.input, NULL, NULL, NULL, s.created_at,
                       s.created_at, s.scheduled_start_at, s.trace_parent, s.lease_owner, s.lease_expires_at,
                       s.version
                FROM start s
                -- A start that may not replace a finished instance inserts only where the ID is free. A row inserted
                -- meanwhile is Pending, which the conflict clause below never replaces.
                WHERE s.reuse OR NOT EXISTS (SELECT 1 FROM reprise_instances i
                                             WHERE i.task_hub = $1 AND i.instance_id = s.instance_id)
                ORDER BY s.n
                """ + Sql.INSERT_OR_REUSE_FINISHED + "\n), " + Sql.dropReplaced("created", "TRUE") + """
            , sent AS (
                INSERT INTO reprise_inbox (task_hub, instance_id, execution_id, event_type, payload, visible_at,
                                           created_at)
                SELECT $1, s.instance_id, s.execution_id, 'ExecutionStarted', s.start,
                       coalesce(s.scheduled_start_at, s.created_at), s.created_at
                FROM start s JOIN created c ON c.instance_id = s.instance_id
                ORDER BY s.n
                RETURNING id, instance_id
            )
            SELECT s.id, s.instance_id, CASE WHEN $12 THEN pg_notify($13, $14) END AS notified FROM sent s""";

    /**
     * One instance to start, already built; {@code leaseUntil} non-null keeps it for this process;
     * {@code replaceFinished} lets it replace a finished instance of the same ID.
     */
    record Start(InstanceRecord instance, String leaseOwner, Instant leaseUntil, boolean replaceFinished) {
    }

    private final List<Start> batch;
    private final Unnest rows = new Unnest(12);

    StartStatement(List<Start> batch, HistoryCodec codec) {
        this.batch = batch;
        for (Start start : batch) {
            InstanceRecord i = start.instance();
            HistoryEvent started = new HistoryEvent.ExecutionStarted(i.createdAt(), i.name(), i.instanceId(),
                    i.executionId(), i.input(), null, -1, i.version());
            rows.add(i.instanceId(), i.executionId(), i.name(), i.input(), Sql.ts(i.createdAt()),
                    Sql.ts(i.scheduledStartAt()), i.traceParent(), start.leaseOwner(), Sql.ts(start.leaseUntil()),
                    codec.encode(started), start.replaceFinished(), i.version());
        }
    }

    Tuple tuple(String taskHub, boolean notify, String channel, String payload) {
        return Tuple.from(new Object[]{taskHub, rows.column(0, String[]::new), rows.column(1, String[]::new),
                rows.column(2, String[]::new), rows.column(3, String[]::new),
                rows.column(4, OffsetDateTime[]::new), rows.column(5, OffsetDateTime[]::new),
                rows.column(6, String[]::new), rows.column(7, String[]::new),
                rows.column(8, OffsetDateTime[]::new), rows.column(9, String[]::new), notify, channel, payload,
                rows.column(10, Boolean[]::new), rows.column(11, String[]::new)});
    }

    /**
     * Per start, in order: the id of its start message, or {@code null} when the ID belongs to an instance that has
     * not finished, or that finished and may not be replaced (nothing was written for it).
     */
    List<Long> results(RowSet<Row> rows) {
        Map<String, Long> started = new HashMap<>();
        for (Row row : rows) {
            started.put(row.getString("instance_id"), row.getLong("id"));
        }
        List<Long> out = new ArrayList<>(batch.size());
        for (Start start : batch) {
            out.add(started.get(start.instance().instanceId()));
        }
        return out;
    }
}
