package dev.reprise.store;

import dev.reprise.api.HistoryEvent;
import dev.reprise.config.RepriseConfig;
import dev.reprise.history.HistoryCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Activity outcomes that travel to their orchestration through the inbox: the path of an activity whose instance is
 * not kept by this process (the fast path commits the outcome with the instance's next step instead).
 */
@ApplicationScoped
public class ActivityResults {

    // Many activities' results as one statement (group commit): each work item goes and its result reaches the
    // inbox only while this worker still holds the item's lease; emits the ids it held.
    private static final String COMPLETE = """
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

    /** An activity's outcome to record. */
    public record Outcome(WorkItem item, HistoryEvent outcome, Instant now) {
    }

    private final Pool pool;
    private final HistoryCodec codec;
    private final String taskHub;
    private final Notifications notifications;

    ActivityResults(Pool pool, HistoryCodec codec, RepriseConfig config, Notifications notifications) {
        this.pool = pool;
        this.codec = codec;
        this.taskHub = config.taskHub();
        this.notifications = notifications;
    }

    /**
     * Records many activities' outcomes in one statement (group commit): removes each work item and sends its result
     * to its orchestration, atomically. A worker that lost an item's lease writes nothing for it; the redelivered
     * execution reports instead.
     *
     * @return per outcome, in order: {@code false} when its lease was lost and nothing was written for it
     */
    public Uni<List<Boolean>> complete(String owner, List<Outcome> outcomes) {
        Unnest rows = new Unnest(6);
        for (Outcome o : outcomes) {
            rows.add(o.item().id(), o.item().instanceId(), o.item().executionId(), o.outcome().eventType(),
                    codec.encode(o.outcome()), Sql.ts(o.now()));
        }
        Long[] ids = rows.column(0, Long[]::new);
        return pool.preparedQuery(COMPLETE).execute(Tuple.from(new Object[]{owner, ids, taskHub,
                        rows.column(1, String[]::new), rows.column(2, String[]::new), rows.column(3, String[]::new),
                        rows.column(4, String[]::new), rows.column(5, OffsetDateTime[]::new), Notifications.CHANNEL,
                        notifications.payload(Notifications.ORCHESTRATIONS),
                        notifications.due(Notifications.ORCHESTRATIONS)}))
                .map(result -> {
                    Set<Long> held = Set.of(result.iterator().next().getArrayOfLongs("held"));
                    List<Boolean> out = new ArrayList<>(ids.length);
                    for (Long id : ids) {
                        out.add(held.contains(id));
                    }
                    return out;
                });
    }
}
