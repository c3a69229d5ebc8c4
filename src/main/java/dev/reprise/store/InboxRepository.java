package dev.reprise.store;

import dev.reprise.history.HistoryCodec;

import dev.reprise.config.RepriseConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code reprise_inbox}: new events for orchestration instances, durable timers among them (a timer is a TimerFired
 * message that becomes visible at its due time).
 */
@ApplicationScoped
public class InboxRepository {

    // A message for an instance that does not exist is dropped (as sendEvent promises): left in the inbox it would
    // never be claimed, and an instance created later with that ID would receive it as if sent to it.
    private static final String SEND = """
            INSERT INTO reprise_inbox (task_hub, instance_id, execution_id, event_type, payload, visible_at, created_at)
            SELECT $1, m.instance_id, m.execution_id, m.event_type, m.payload, m.visible_at, $2
            FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
                 AS m(instance_id, execution_id, event_type, payload, visible_at)
            WHERE EXISTS (SELECT 1 FROM reprise_instances i WHERE i.task_hub = $1 AND i.instance_id = m.instance_id)""";

    // At most $4 messages per instance: a flood of events is worked off over several steps, not in one huge replay.
    private static final String LOAD_DUE = """
            SELECT id, instance_id, execution_id, payload, visible_at
            FROM (SELECT id, instance_id, execution_id, payload, visible_at,
                         row_number() OVER (PARTITION BY instance_id ORDER BY id) AS position
                  FROM reprise_inbox
                  WHERE task_hub = $1 AND instance_id = ANY($2) AND visible_at <= $3) due
            WHERE position <= $4
            ORDER BY instance_id, id""";

    private static final String DELETE = """
            DELETE FROM reprise_inbox WHERE id = ANY($1)""";

    private static final String NEXT_DUE = """
            SELECT min(visible_at) AS next_due FROM reprise_inbox WHERE task_hub = $1 AND visible_at > $2""";

    private static final String COUNT_DUE = """
            SELECT count(*) AS due FROM reprise_inbox WHERE task_hub = $1 AND visible_at <= $2""";

    private final String taskHub;
    private final HistoryCodec codec;

    InboxRepository(RepriseConfig config, HistoryCodec codec) {
        this.taskHub = config.taskHub();
        this.codec = codec;
    }

    /** Stores {@code messages} in one round trip; those addressed to an instance that does not exist are dropped. */
    public Uni<Void> send(SqlClient client, List<InboxMessage> messages, Instant now) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = messages.size();
        String[] instanceIds = new String[n];
        String[] executionIds = new String[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        OffsetDateTime[] visibleAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            InboxMessage m = messages.get(i);
            instanceIds[i] = m.instanceId();
            executionIds[i] = m.executionId();
            types[i] = m.event().eventType();
            payloads[i] = codec.encode(m.event());
            visibleAt[i] = Sql.ts(m.visibleAt());
        }
        return client.preparedQuery(SEND).execute(Tuple.from(new Object[]{taskHub, Sql.ts(now), instanceIds,
                executionIds, types, payloads, visibleAt})).replaceWithVoid();
    }

    /** Up to {@code perInstance} due messages of each of {@code instanceIds}, oldest first, grouped by instance. */
    public Uni<Map<String, List<InboxMessage>>> loadDue(SqlClient client, List<String> instanceIds, Instant now,
                                                        int perInstance) {
        return client.preparedQuery(LOAD_DUE)
                .execute(Tuple.of(taskHub, instanceIds.toArray(String[]::new), Sql.ts(now), perInstance))
                .map(rows -> {
                    Map<String, List<InboxMessage>> out = new HashMap<>();
                    for (String id : instanceIds) {
                        out.put(id, new ArrayList<>());
                    }
                    for (Row row : rows) {
                        String instanceId = row.getString("instance_id");
                        out.get(instanceId).add(new InboxMessage(row.getLong("id"), instanceId,
                                row.getString("execution_id"), codec.decode(row.getString("payload")),
                                Sql.instant(row, "visible_at")));
                    }
                    return out;
                });
    }

    /** Removes processed messages. */
    public Uni<Void> delete(SqlClient client, List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery(DELETE).execute(Tuple.of(ids.toArray(Long[]::new))).replaceWithVoid();
    }

    /** The earliest time a not-yet-visible message (a durable timer) becomes due, or {@code null}. */
    public Uni<Instant> nextDueAfter(SqlClient client, Instant now) {
        return client.preparedQuery(NEXT_DUE).execute(Tuple.of(taskHub, Sql.ts(now)))
                .map(rows -> Sql.instant(rows.iterator().next(), "next_due"));
    }

    /** How many messages are due (visible) and not yet consumed, for the backlog gauge. */
    public Uni<Long> countDue(SqlClient client, Instant now) {
        return client.preparedQuery(COUNT_DUE).execute(Tuple.of(taskHub, Sql.ts(now)))
                .map(rows -> rows.iterator().next().getLong("due"));
    }
}
