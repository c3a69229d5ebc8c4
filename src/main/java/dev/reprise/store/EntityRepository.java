package dev.reprise.store;

import dev.reprise.api.EntityInstanceId;
import dev.reprise.config.RepriseConfig;
import dev.reprise.history.HistoryCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code reprise_entities} and {@code reprise_entity_inbox}: claims of entities with waiting operations, the loading
 * of a batch's messages, and the read of one entity (queries of many go through the query side,
 * {@code dev.reprise.query}). A claim is a lease, as for instances; a locked entity is claimable only for its
 * holder's messages (the others wait for the release), so a claim never finds an entity with nothing to do.
 */
@ApplicationScoped
public class EntityRepository {

    /** The claim's rule of which waiting message a locked entity may take, also used by the load. */
    private static final String TAKES = """
            (e.locked_by IS NULL OR (m.sender_instance = e.locked_by
                                     AND m.sender_execution IS NOT DISTINCT FROM e.locked_by_execution))""";

    // Like the instance claim, the lease commits without waiting for the WAL flush (Sql.ASYNC_COMMIT): a claim lost in
    // a database crash only makes the entity claimable again. FOR NO KEY UPDATE, not FOR UPDATE, so senders holding
    // FOR KEY SHARE on the row (EntitySends) are not skipped for.
    private static final String CLAIM = """
            WITH claimable AS (
                SELECT e.task_hub, e.entity_id, e.lease_owner AS previous_owner FROM reprise_entities e
                WHERE e.task_hub = $1
                  AND e.entity_id IN (SELECT m.entity_id FROM reprise_entity_inbox m
                                      WHERE m.task_hub = $1 AND m.visible_at <= $2)
                  AND (e.lease_expires_at IS NULL OR e.lease_expires_at <= $2)
                  AND EXISTS (SELECT 1 FROM reprise_entity_inbox m
                              WHERE m.task_hub = e.task_hub AND m.entity_id = e.entity_id AND m.visible_at <= $2
                                AND """ + TAKES + """
            )
                LIMIT $3
                FOR NO KEY UPDATE SKIP LOCKED
            )
            UPDATE reprise_entities e SET lease_owner = $4, lease_expires_at = $5
            FROM claimable c
            WHERE e.task_hub = c.task_hub AND e.entity_id = c.entity_id AND """ + Sql.ASYNC_COMMIT + "\n" + """
            RETURNING e.entity_id, e.state, e.locked_by, e.locked_by_execution, e.version, c.previous_owner""";

    // At most $4 messages per entity, oldest first; while an entity is locked, only its holder's.
    private static final String LOAD = """
            SELECT m.id, m.entity_id, m.payload, m.sender_instance, m.sender_execution, m.visible_at,
                   m.kind <> 'lock' OR EXISTS (SELECT 1 FROM reprise_instances i
                                               WHERE i.task_hub = $1 AND i.instance_id = m.sender_instance
                                                 AND i.execution_id = m.sender_execution
                                                 AND i.runtime_status IN ('Running', 'Suspended')) AS sender_runs
            FROM (SELECT m.*, row_number() OVER (PARTITION BY m.entity_id ORDER BY m.id) AS position
                  FROM reprise_entity_inbox m
                  JOIN reprise_entities e ON e.task_hub = m.task_hub AND e.entity_id = m.entity_id
                  WHERE m.task_hub = $1 AND m.entity_id = ANY($2) AND m.visible_at <= $3 AND """ + TAKES + """
            ) m
            WHERE m.position <= $4
            ORDER BY m.entity_id, m.id""";

    private static final String SELECT = """
            SELECT e.entity_id, e.state, e.locked_by, e.last_modified_at,
                   (SELECT count(*) FROM reprise_entity_inbox m
                    WHERE m.task_hub = e.task_hub AND m.entity_id = e.entity_id) AS backlog
            FROM reprise_entities e""";

    private static final String FIND = SELECT + " WHERE e.task_hub = $1 AND e.entity_id = $2";

    private static final String RELEASE_ALL = """
            UPDATE reprise_entities SET lease_owner = NULL, lease_expires_at = NULL
            WHERE task_hub = $1 AND lease_owner = $2""";

    private static final String RELEASE = """
            UPDATE reprise_entities SET lease_owner = NULL, lease_expires_at = NULL
            WHERE task_hub = $1 AND entity_id = ANY($2) AND lease_owner = $3 AND """ + Sql.ASYNC_COMMIT;

    private static final String NEXT_DUE = """
            SELECT min(visible_at) AS next_due FROM reprise_entity_inbox WHERE task_hub = $1 AND visible_at > $2""";

    private final String taskHub;
    private final HistoryCodec codec;

    EntityRepository(RepriseConfig config, HistoryCodec codec) {
        this.taskHub = config.taskHub();
        this.codec = codec;
    }

    /** A claimed entity, and the owner whose expired lease was taken over ({@code null} if none). */
    public record Claimed(EntityRecord entity, String previousOwner) {
    }

    /**
     * Leases up to {@code limit} entities with operations they may run now to {@code owner} until
     * {@code leaseUntil}.
     */
    public Uni<List<Claimed>> claim(SqlClient client, Instant now, int limit, String owner, Instant leaseUntil) {
        return client.preparedQuery(CLAIM).execute(Tuple.of(taskHub, Sql.ts(now), limit, owner, Sql.ts(leaseUntil)))
                .map(rows -> {
                    List<Claimed> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        out.add(new Claimed(new EntityRecord(EntityInstanceId.fromString(r.getString("entity_id")),
                                r.getString("state"), r.getString("locked_by"), r.getString("locked_by_execution"),
                                r.getLong("version")), r.getString("previous_owner")));
                    }
                    return out;
                });
    }

    /**
     * Up to {@code perEntity} due messages of each of {@code entityIds} that the entity may run now, oldest first,
     * grouped by entity ID (every given ID is a key).
     */
    public Uni<Map<String, List<EntityInboxMessage>>> loadDue(SqlClient client, List<String> entityIds, Instant now,
                                                             int perEntity) {
        return client.preparedQuery(LOAD).execute(Tuple.of(taskHub, entityIds.toArray(String[]::new), Sql.ts(now),
                perEntity)).map(rows -> {
                    Map<String, List<EntityInboxMessage>> out = new HashMap<>();
                    entityIds.forEach(id -> out.put(id, new ArrayList<>()));
                    for (Row r : rows) {
                        String entityId = r.getString("entity_id");
                        out.get(entityId).add(new EntityInboxMessage(r.getLong("id"), entityId,
                                codec.decodeMessage(r.getString("payload")), r.getString("sender_instance"),
                                r.getString("sender_execution"), Sql.instant(r, "visible_at"),
                                r.getBoolean("sender_runs")));
                    }
                    return out;
                });
    }

    /** An entity as clients see it. */
    public record EntityRow(EntityInstanceId id, String state, String lockedBy, Instant lastModified, int backlog) {
    }

    /** The entity's row, or {@code null} when it has none. */
    public Uni<EntityRow> find(SqlClient client, EntityInstanceId id) {
        return client.preparedQuery(FIND).execute(Tuple.of(taskHub, id.toString()))
                .map(rows -> rows.iterator().hasNext() ? row(rows.iterator().next()) : null);
    }

    /** Gives up {@code owner}'s leases on {@code entityIds}, so they can be claimed again at once. */
    public Uni<Integer> release(SqlClient client, List<String> entityIds, String owner) {
        return client.preparedQuery(RELEASE).execute(Tuple.of(taskHub, entityIds.toArray(String[]::new), owner))
                .map(RowSet::rowCount);
    }

    /** Gives up every entity lease {@code owner} holds (at shutdown). */
    public Uni<Integer> releaseAll(SqlClient client, String owner) {
        return client.preparedQuery(RELEASE_ALL).execute(Tuple.of(taskHub, owner)).map(RowSet::rowCount);
    }

    /** The earliest time a scheduled signal falls due, or {@code null}. */
    public Uni<Instant> nextDueAfter(SqlClient client, Instant now) {
        return client.preparedQuery(NEXT_DUE).execute(Tuple.of(taskHub, Sql.ts(now)))
                .map(rows -> Sql.instant(rows.iterator().next(), "next_due"));
    }

    private static EntityRow row(Row r) {
        return new EntityRow(EntityInstanceId.fromString(r.getString("entity_id")), r.getString("state"),
                r.getString("locked_by"), Sql.instant(r, "last_modified_at"), r.getLong("backlog").intValue());
    }
}
