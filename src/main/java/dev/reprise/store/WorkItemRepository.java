package dev.reprise.store;

import dev.reprise.config.RepriseConfig;
import dev.reprise.history.OrchestratorAction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code reprise_work_items}: activity invocations, written by the step that schedules them (see
 * {@link StepStatement}). A claim is a lease: {@code visible_at} moves to the lease's end, so an item whose worker
 * died becomes claimable again without anyone cleaning up. Claims take the lowest {@code rank} first (an item's
 * position among its step's activities), so one large fan-out does not hold back every other instance.
 */
@ApplicationScoped
public class WorkItemRepository {

    // A lease need not survive a database crash (a lost claim only makes the item claimable again), so claims and
    // renewals commit without waiting for the WAL flush; see Sql.ASYNC_COMMIT.
    private static final String CLAIM = """
            WITH claimable AS (
                SELECT id, lease_owner AS previous_owner FROM reprise_work_items
                WHERE task_hub = $1 AND visible_at <= $2
                ORDER BY rank, id
                LIMIT $5
                FOR UPDATE SKIP LOCKED
            )
            UPDATE reprise_work_items w
            SET visible_at = $3, lease_owner = $4, delivery_count = w.delivery_count + 1,
                deadline_at = coalesce(w.deadline_at, $2 + w.timeout_ms * interval '1 millisecond')
            FROM claimable c
            WHERE w.id = c.id AND """ + Sql.ASYNC_COMMIT + "\n" + """
            RETURNING w.id, w.instance_id, w.execution_id, w.task_id, w.name, w.input, w.delivery_count,
                      w.trace_parent, c.previous_owner, w.timeout_ms, w.heartbeat_timeout_ms, w.deadline_at""";

    // Extends the leases of work items still running here, so a long activity is not delivered twice.
    private static final String RENEW = """
            UPDATE reprise_work_items SET visible_at = $3
            WHERE id = ANY($1) AND lease_owner = $2 AND """ + Sql.ASYNC_COMMIT + "\n" + """
            RETURNING id""";

    private static final String RELEASE_ALL = """
            UPDATE reprise_work_items SET lease_owner = NULL, visible_at = $3
            WHERE task_hub = $1 AND lease_owner = $2""";

    private static final String RELEASE_IDLE = """
            UPDATE reprise_work_items SET lease_owner = NULL, visible_at = $5
            WHERE task_hub = $1 AND instance_id = $2 AND lease_owner = $3 AND NOT id = ANY($4)""";

    // A claimed item's visible_at is its lease's end, so only items waiting for a worker count.
    private static final String COUNT_DUE = """
            SELECT count(*) AS due FROM reprise_work_items WHERE task_hub = $1 AND visible_at <= $2""";

    private final String taskHub;

    WorkItemRepository(RepriseConfig config) {
        this.taskHub = config.taskHub();
    }

    /** Leases up to {@code limit} due work items to {@code owner} until {@code leaseUntil}. */
    public Uni<List<Leased<WorkItem>>> claim(SqlClient client, Instant now, int limit, String owner,
                                             Instant leaseUntil) {
        return client.preparedQuery(CLAIM)
                .execute(Tuple.of(taskHub, Sql.ts(now), Sql.ts(leaseUntil), owner, limit))
                .map(rows -> {
                    List<Leased<WorkItem>> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        out.add(new Leased<>(new WorkItem(r.getLong("id"), r.getString("instance_id"),
                                r.getString("execution_id"), r.getInteger("task_id"), r.getString("name"),
                                r.getString("input"), r.getInteger("delivery_count"), r.getString("trace_parent"),
                                duration(r.getLong("timeout_ms")), duration(r.getLong("heartbeat_timeout_ms")),
                                Sql.instant(r, "deadline_at")), r.getString("previous_owner")));
                    }
                    return out;
                });
    }

    private static Duration duration(Long millis) {
        return millis == null ? null : Duration.ofMillis(millis);
    }

    /**
     * Extends {@code owner}'s leases on {@code ids} until {@code leaseUntil}; emits the ids it still held (a missing
     * one was removed, its execution having ended, or its lease was taken over).
     */
    public Uni<List<Long>> renew(SqlClient client, List<Long> ids, String owner, Instant leaseUntil) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return client.preparedQuery(RENEW).execute(Tuple.of(ids.toArray(Long[]::new), owner, Sql.ts(leaseUntil)))
                .map(rows -> {
                    List<Long> held = new ArrayList<>(rows.size());
                    rows.forEach(r -> held.add(r.getLong("id")));
                    return held;
                });
    }

    /** Makes every work item {@code owner} holds claimable again at {@code now} (at shutdown). */
    public Uni<Integer> releaseAll(SqlClient client, String owner, Instant now) {
        return client.preparedQuery(RELEASE_ALL).execute(Tuple.of(taskHub, owner, Sql.ts(now)))
                .map(rows -> rows.rowCount());
    }

    /** Makes {@code owner}'s work items of {@code instanceId} that are not {@code running} claimable at {@code now}. */
    public Uni<Void> releaseIdle(SqlClient client, String owner, String instanceId, List<Long> running,
                                 Instant now) {
        return client.preparedQuery(RELEASE_IDLE).execute(Tuple.of(taskHub, instanceId, owner,
                running.toArray(Long[]::new), Sql.ts(now))).replaceWithVoid();
    }

    /** How many work items are due and wait for a worker (claimed ones are not due), for the backlog gauge. */
    public Uni<Long> countDue(SqlClient client, Instant now) {
        return client.preparedQuery(COUNT_DUE).execute(Tuple.of(taskHub, Sql.ts(now)))
                .map(rows -> rows.iterator().next().getLong("due"));
    }
}
