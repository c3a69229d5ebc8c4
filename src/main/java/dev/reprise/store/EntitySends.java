package dev.reprise.store;

import dev.reprise.api.EntityInstanceId;
import dev.reprise.history.EntityMessage;
import dev.reprise.history.HistoryCodec;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Messages to entities written by a statement (an orchestration step, an entity batch, a client's signals): the
 * common-table-expression parts that write them, and their bound columns. The target entity's row is created with
 * its first message. The rows already there are share-locked on the key ({@code FOR KEY SHARE}) until the commit:
 * that never waits for an entity's batch (which takes {@code FOR NO KEY UPDATE}), but it keeps
 * {@link EntityRepository#removeEmpty} from deleting the row of an entity that is being sent a message, so no message
 * is ever left without its entity.
 */
final class EntitySends {

    /** Columns bound per message, in the order of {@link #ctes}' parameters. */
    static final int WIDTH = 10;

    /** One message to write; {@code origin} is what must be committed for it to be written (see {@link #ctes}). */
    record Send(String origin, EntityInstanceId target, EntityMessage message, String senderInstance,
                String senderExecution, Instant visibleAt) {
    }

    private final Unnest rows = new Unnest(WIDTH);

    void add(Send send, Instant now, HistoryCodec codec) {
        rows.add(send.origin(), send.target().toString(), send.target().getName(), send.target().getKey(),
                send.message().kind().column(), codec.encodeMessage(send.message()), send.senderInstance(),
                send.senderExecution(), Sql.ts(send.visibleAt() == null ? now : send.visibleAt()), Sql.ts(now));
    }

    void addAll(List<Send> sends, Instant now, HistoryCodec codec) {
        sends.forEach(s -> add(s, now, codec));
    }

    int size() {
        return rows.size();
    }

    /** The bound columns, to splice into a statement's parameters at the position {@link #ctes} was given. */
    Object[] columns() {
        return new Object[]{rows.column(0, String[]::new), rows.column(1, String[]::new),
                rows.column(2, String[]::new), rows.column(3, String[]::new), rows.column(4, String[]::new),
                rows.column(5, String[]::new), rows.column(6, String[]::new), rows.column(7, String[]::new),
                rows.column(8, OffsetDateTime[]::new), rows.column(9, OffsetDateTime[]::new)};
    }

    /**
     * The CTE parts {@code entity_sends}, {@code entity_shared}, {@code entity_created} and {@code entity_sent}
     * (which returns one row per message written), with the bound columns at {@code $first} to
     * {@code $(first + 9)} and the task hub at {@code $1}.
     *
     * @param gate      a condition on parameters only, false when the statement sends nothing: PostgreSQL then
     *                  skips these parts at run time whatever plan it chose
     * @param written   a condition on {@code t.origin}: whether the message's origin was committed (e.g. its step
     *                  applied); {@code TRUE} for none
     * @param moreRows  a query of further messages with the same columns, {@code n} ordering them after the bound
     *                  ones, or {@code null}
     */
    static String ctes(int first, String gate, String written, String moreRows) {
        StringBuilder params = new StringBuilder();
        String[] types = {"text", "text", "text", "text", "text", "text", "text", "text", "timestamptz", "timestamptz"};
        for (int i = 0; i < WIDTH; i++) {
            params.append(i == 0 ? "" : ", ").append('$').append(first + i).append("::").append(types[i]).append("[]");
        }
        return """
                entity_sends AS (
                    SELECT * FROM unnest(%1$s) WITH ORDINALITY
                         AS t(origin, entity_id, name, entity_key, kind, payload, sender_instance, sender_execution,
                              visible_at, created_at, n)
                    WHERE %2$s AND %3$s%4$s
                ), entity_shared AS (
                    SELECT e.entity_id FROM reprise_entities e
                    WHERE %2$s AND e.task_hub = $1 AND e.entity_id IN (SELECT entity_id FROM entity_sends)
                    FOR KEY SHARE
                ), entity_created AS (
                    INSERT INTO reprise_entities (task_hub, entity_id, name, entity_key, created_at, last_modified_at)
                    SELECT DISTINCT ON (t.entity_id) $1, t.entity_id, t.name, t.entity_key, t.created_at, t.created_at
                    FROM entity_sends t
                    WHERE NOT EXISTS (SELECT 1 FROM entity_shared s WHERE s.entity_id = t.entity_id)
                    ON CONFLICT (task_hub, entity_id) DO NOTHING
                ), entity_sent AS (
                    INSERT INTO reprise_entity_inbox (task_hub, entity_id, kind, payload, sender_instance,
                                                      sender_execution, visible_at, created_at)
                    SELECT $1, t.entity_id, t.kind, t.payload, t.sender_instance, t.sender_execution, t.visible_at,
                           t.created_at
                    FROM entity_sends t ORDER BY t.n
                    RETURNING 1
                )""".formatted(params, gate, written, moreRows == null ? "" : "\n    UNION ALL\n" + moreRows);
    }
}
