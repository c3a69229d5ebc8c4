package dev.reprise.store;

import dev.reprise.config.RepriseConfig;
import dev.reprise.history.EntityMessage;
import dev.reprise.history.HistoryCodec;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The durable changes of entities, each one atomic commit: entity batches (one statement for any number of
 * entities), signals from clients (one statement for many), and the repairs of {@code cleanEntityStorage}.
 */
@ApplicationScoped
public class EntityStore {

    // Client signals, many in one statement: the messages in order, with their entities' rows.
    private static final String SIGNAL = "WITH " + EntitySends.ctes(2, "TRUE", "TRUE", null) + """

            SELECT (SELECT count(*) FROM entity_sent) AS sent,
                   CASE WHEN $12 THEN pg_notify($13, $14) END AS notified""";

    // A release, as from the holder itself, to each entity locked by an execution that no longer runs (unless one is
    // already queued); it is applied in order with the entity's other operations.
    private static final String RELEASE_ORPHANS = """
            INSERT INTO reprise_entity_inbox (task_hub, entity_id, kind, payload, sender_instance, sender_execution,
                                              visible_at, created_at)
            SELECT $1, e.entity_id, 'release', $2, e.locked_by, e.locked_by_execution, $3, $3
            FROM reprise_entities e
            WHERE e.task_hub = $1 AND e.locked_by IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM reprise_instances i
                              WHERE i.task_hub = $1 AND i.instance_id = e.locked_by
                                AND i.execution_id = e.locked_by_execution
                                AND i.runtime_status IN ('Pending', 'Running', 'Suspended'))
              AND NOT EXISTS (SELECT 1 FROM reprise_entity_inbox m
                              WHERE m.task_hub = $1 AND m.entity_id = e.entity_id AND m.kind = 'release'
                                AND m.sender_instance = e.locked_by
                                AND m.sender_execution IS NOT DISTINCT FROM e.locked_by_execution)
            RETURNING entity_id""";

    // Removing empty entities takes two statements in one transaction: the first locks the candidates' rows (waiting
    // for no one: rows a sender holds are skipped), the second deletes those without messages, reading with a
    // snapshot taken after the lock, so it sees every message committed by a sender that held the row before.
    private static final String LOCK_EMPTY = """
            SELECT entity_id FROM reprise_entities
            WHERE task_hub = $1 AND state IS NULL AND locked_by IS NULL
              AND (lease_expires_at IS NULL OR lease_expires_at <= $2)
            FOR UPDATE SKIP LOCKED""";

    private static final String DELETE_EMPTY = """
            DELETE FROM reprise_entities e
            WHERE e.task_hub = $1 AND e.entity_id = ANY($2)
              AND NOT EXISTS (SELECT 1 FROM reprise_entity_inbox m
                              WHERE m.task_hub = $1 AND m.entity_id = e.entity_id)""";

    private final Pool pool;
    private final HistoryCodec codec;
    private final String taskHub;
    private final Notifications notifications;

    EntityStore(Pool pool, HistoryCodec codec, RepriseConfig config, Notifications notifications) {
        this.pool = pool;
        this.codec = codec;
        this.taskHub = config.taskHub();
        this.notifications = notifications;
    }

    public Pool pool() {
        return pool;
    }

    /** What committing entity batches did. */
    public record Committed(Set<String> applied, boolean wroteForOrchestrations, boolean wroteForEntities) {
    }

    /**
     * Commits batches of distinct entities in one statement (group commit). A batch takes effect only while
     * {@code owner} holds its entity's lease, the entity is at the batch's version, and every execution the batch
     * leaves holding the entity's lock still runs; otherwise nothing of it is written. If the statement fails as a
     * whole, each batch is committed alone, so a failure only affects the batch that caused it.
     *
     * @return the IDs of the entities whose batches were applied
     */
    public Uni<Committed> commitBatches(String owner, List<EntityBatchCommit> batches) {
        Uni<Committed> together = commitTogether(owner, batches);
        if (batches.size() == 1) {
            return together;
        }
        return together.onFailure().recoverWithUni(e -> Multi.createFrom().iterable(batches)
                .onItem().transformToUniAndConcatenate(b -> commitTogether(owner, List.of(b))
                        .onFailure().recoverWithItem(new Committed(Set.of(), false, false)))
                .collect().asList()
                .map(all -> {
                    Set<String> applied = new java.util.HashSet<>();
                    all.forEach(c -> applied.addAll(c.applied()));
                    return new Committed(applied, all.stream().anyMatch(Committed::wroteForOrchestrations),
                            all.stream().anyMatch(Committed::wroteForEntities));
                }));
    }

    private Uni<Committed> commitTogether(String owner, List<EntityBatchCommit> batches) {
        EntityStatement statement = new EntityStatement(batches, codec);
        return pool.preparedQuery(EntityStatement.SQL).execute(statement.tuple(taskHub, owner,
                        statement.mayWriteForOrchestrations() && notifications.due(Notifications.ORCHESTRATIONS),
                        Notifications.CHANNEL, notifications.payload(Notifications.ORCHESTRATIONS),
                        statement.mayWriteForEntities() && notifications.due(Notifications.ENTITIES),
                        notifications.payload(Notifications.ENTITIES)))
                .map(rows -> {
                    EntityStatement.Result r = statement.result(rows.iterator().next());
                    return new Committed(r.applied(), r.wroteForOrchestrations(), r.wroteForEntities());
                });
    }

    /** A client's signal. */
    public record Signal(dev.reprise.api.EntityInstanceId target, EntityMessage message, Instant visibleAt) {
    }

    /** Commits client signals in one statement, in order; other replicas get a hint. */
    public Uni<Void> signal(List<Signal> signals, Instant now) {
        EntitySends sends = new EntitySends();
        for (Signal s : signals) {
            sends.add(new EntitySends.Send(null, s.target(), s.message(), null, null, s.visibleAt()), now, codec);
        }
        List<Object> values = new ArrayList<>();
        values.add(taskHub);
        values.addAll(Arrays.asList(sends.columns()));
        values.addAll(Arrays.asList(notifications.due(Notifications.ENTITIES), Notifications.CHANNEL,
                notifications.payload(Notifications.ENTITIES)));
        return pool.preparedQuery(SIGNAL).execute(Tuple.from(values.toArray())).replaceWithVoid();
    }

    /** Sends a release to every entity locked by an execution that no longer runs; emits how many. */
    public Uni<Integer> releaseOrphanedLocks(Instant now) {
        return pool.preparedQuery(RELEASE_ORPHANS)
                .execute(Tuple.of(taskHub, codec.encodeMessage(EntityMessage.release()), Sql.ts(now)))
                .call(rows -> rows.size() == 0 ? Uni.createFrom().voidItem()
                        : notifications.notifyNow(pool, Notifications.ENTITIES))
                .map(rows -> rows.size());
    }

    /** Deletes the rows of entities without state, lock, lease or waiting messages; emits how many. */
    public Uni<Integer> removeEmpty(Instant now) {
        return pool.withTransaction(tx -> tx.preparedQuery(LOCK_EMPTY).execute(Tuple.of(taskHub, Sql.ts(now)))
                .chain(rows -> {
                    List<String> ids = new ArrayList<>();
                    for (Row r : rows) {
                        ids.add(r.getString("entity_id"));
                    }
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return tx.preparedQuery(DELETE_EMPTY).execute(Tuple.of(taskHub, ids.toArray(String[]::new)))
                            .map(deleted -> deleted.rowCount());
                }));
    }
}
