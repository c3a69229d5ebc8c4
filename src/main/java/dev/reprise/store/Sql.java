package dev.reprise.store;

import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Conversions between engine time ({@link Instant}) and PostgreSQL {@code timestamptz}, and shared SQL fragments. */
final class Sql {

    /**
     * A condition that is always true and makes the statement's own implicit transaction commit without waiting for
     * its WAL to reach disk ({@code synchronous_commit = off} for that transaction only). Only for writes whose loss
     * in a database crash is harmless, such as leases: the WAL is written in order, so any later durable commit
     * flushes them too. Durable steps never use it.
     */
    static final String ASYNC_COMMIT = "(SELECT set_config('synchronous_commit', 'off', true)) IS NOT NULL";

    /**
     * What an instance row's insert does when its ID is taken: a finished instance (Completed, Failed, Terminated) is
     * replaced by the new one, as Durable Functions reuses IDs; a live one is left alone, so the insert returns no
     * row for it. Returns {@code instance_id} and {@code inserted} ({@code false} for a replaced row). The insert
     * must give every column it sets, so nothing of the old instance survives.
     */
    static final String INSERT_OR_REUSE_FINISHED = """
            ON CONFLICT (task_hub, instance_id) DO UPDATE
            SET execution_id = EXCLUDED.execution_id, name = EXCLUDED.name, runtime_status = 'Pending',
                input = EXCLUDED.input, output = NULL, custom_status = NULL, failure = NULL,
                parent_instance_id = EXCLUDED.parent_instance_id, parent_task_id = EXCLUDED.parent_task_id,
                parent_execution_id = EXCLUDED.parent_execution_id, created_at = EXCLUDED.created_at,
                last_updated_at = EXCLUDED.last_updated_at, completed_at = NULL,
                scheduled_start_at = EXCLUDED.scheduled_start_at, trace_parent = EXCLUDED.trace_parent,
                lease_owner = EXCLUDED.lease_owner, lease_expires_at = EXCLUDED.lease_expires_at, history_size = 0,
                version = EXCLUDED.version
            WHERE reprise_instances.runtime_status IN ('Completed', 'Failed', 'Terminated')
            RETURNING instance_id, (xmax = 0) AS inserted""";

    /**
     * CTEs that delete what replaced instances left (history, messages, work items), in the same statement as the
     * {@link #INSERT_OR_REUSE_FINISHED} insert whose CTE is named {@code inserts}; to follow a {@code ), }.
     * {@code gate} is a condition on parameters only, false when the statement inserts no instance: PostgreSQL
     * then skips these parts at run time whatever plan it chose (see {@link StepStatement}).
     */
    static String dropReplaced(String inserts, String gate) {
        return """
                replaced_history AS (
                    DELETE FROM reprise_history h
                    WHERE %2$s AND h.task_hub = $1
                      AND h.instance_id IN (SELECT instance_id FROM %1$s WHERE NOT inserted)
                ), replaced_inbox AS (
                    DELETE FROM reprise_inbox m
                    WHERE %2$s AND m.task_hub = $1
                      AND m.instance_id IN (SELECT instance_id FROM %1$s WHERE NOT inserted)
                ), replaced_work AS (
                    DELETE FROM reprise_work_items w
                    WHERE %2$s AND w.task_hub = $1
                      AND w.instance_id IN (SELECT instance_id FROM %1$s WHERE NOT inserted)
                )""".formatted(inserts, gate);
    }

    private Sql() {
    }

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime t = row.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }
}
