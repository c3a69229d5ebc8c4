package dev.reprise.store;

import dev.reprise.config.RepriseConfig;
import dev.reprise.history.OrchestratorAction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code reprise_work_items}: activity invocations. A claim is a lease: {@code visible_at} moves to the lease's end,
 * so an item whose worker died becomes claimable again without anyone cleaning up.
 */
@ApplicationScoped
public class WorkItemRepository {

    // Idempotent: a step retried after a lost commit acknowledgement does not enqueue the activity twice.
    private static final String ENQUEUE = """
            INSERT INTO reprise_work_items (task_hub, instance_id, execution_id, task_id, name, input, visible_at,
                                            created_at, trace_parent)
            SELECT $1, $2, $3, w.task_id, w.name, w.input, $4, $4, $8
            FROM unnest($5::integer[], $6::text[], $7::text[]) AS w(task_id, name, input)
            ON CONFLICT (task_hub, instance_id, execution_id, task_id) DO NOTHING""";

    // A lease need not survive a database crash (a lost claim only makes the item claimable again), so claims and
    // renewals commit without waiting for the WAL flush; see Sql.ASYNC_COMMIT.
    private static final String CLAIM = """
            WITH claimable AS (
                SELECT id, lease_owner AS previous_owner FROM reprise_work_items
                WHERE task_hub = $1 AND visible_at <= $2
                ORDER BY visible_at
                LIMIT $5
                FOR UPDATE SKIP LOCKED
            )
            UPDATE reprise_work_items w
            SET visible_at = $3, lease_owner = $4, delivery_count = w.delivery_count + 1
            FROM claimable c
            WHERE w.id = c.id AND """ + Sql.ASYNC_COMMIT + "\n" + """
            RETURNING w.id, w.instance_id, w.execution_id, w.task_id, w.name, w.input, w.delivery_count,
                      w.trace_parent, c.previous_owner""";

    // Extends the leases of work items still running here, so a long activity is not delivered twice.
    private static final String RENEW = """
            UPDATE reprise_work_items SET visible_at = $3
            WHERE id = ANY($1) AND lease_owner = $2 AND """ + Sql.ASYNC_COMMIT;

    private static final String RELEASE_ALL = """
            UPDATE reprise_work_items SET lease_owner = NULL, visible_at = $3
            WHERE task_hub = $1 AND lease_owner = $2""";

    private static final String DELETE_FOR_INSTANCE = """
            DELETE FROM reprise_work_items WHERE task_hub = $1 AND instance_id = $2""";

    // A claimed item's visible_at is its lease's end, so only items waiting for a worker count.
    private static final String COUNT_DUE = """
            SELECT count(*) AS due FROM reprise_work_items WHERE task_hub = $1 AND visible_at <= $2""";

    private final String taskHub;

    WorkItemRepository(RepriseConfig config) {
        this.taskHub = config.taskHub();
    }

    /**
     * Enqueues the activities one step scheduled, visible at {@code now}.
     *
     * @param traceParent the step's W3C trace context, or {@code null}
     */
    public Uni<Void> enqueue(SqlClient client, String instanceId, String executionId,
                             List<OrchestratorAction.ScheduleTask> tasks, Instant now, String traceParent) {
        if (tasks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Integer[] ids = new Integer[tasks.size()];
        String[] names = new String[tasks.size()];
        String[] inputs = new String[tasks.size()];
        for (int i = 0; i < tasks.size(); i++) {
            ids[i] = tasks.get(i).taskId();
            names[i] = tasks.get(i).name();
            inputs[i] = tasks.get(i).input();
        }
        return client.preparedQuery(ENQUEUE).execute(Tuple.from(new Object[]{taskHub, instanceId, executionId,
                Sql.ts(now), ids, names, inputs, traceParent})).replaceWithVoid();
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
                                r.getString("input"), r.getInteger("delivery_count"), r.getString("trace_parent")),
                                r.getString("previous_owner")));
                    }
                    return out;
                });
    }

    /** Extends {@code owner}'s leases on {@code ids} until {@code leaseUntil}. */
    public Uni<Void> renew(SqlClient client, List<Long> ids, String owner, Instant leaseUntil) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery(RENEW).execute(Tuple.of(ids.toArray(Long[]::new), owner, Sql.ts(leaseUntil)))
                .replaceWithVoid();
    }

    /** Makes every work item {@code owner} holds claimable again at {@code now} (at shutdown). */
    public Uni<Integer> releaseAll(SqlClient client, String owner, Instant now) {
        return client.preparedQuery(RELEASE_ALL).execute(Tuple.of(taskHub, owner, Sql.ts(now)))
                .map(rows -> rows.rowCount());
    }

    /** Removes every work item of an instance, when its ID is reused. */
    public Uni<Void> deleteAll(SqlClient client, String instanceId) {
        return client.preparedQuery(DELETE_FOR_INSTANCE).execute(Tuple.of(taskHub, instanceId)).replaceWithVoid();
    }

    /** How many work items are due and wait for a worker (claimed ones are not due), for the backlog gauge. */
    public Uni<Long> countDue(SqlClient client, Instant now) {
        return client.preparedQuery(COUNT_DUE).execute(Tuple.of(taskHub, Sql.ts(now)))
                .map(rows -> rows.iterator().next().getLong("due"));
    }
}
