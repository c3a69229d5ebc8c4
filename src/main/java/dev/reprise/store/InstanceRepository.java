package dev.reprise.store;

import dev.reprise.history.HistoryCodec;

import dev.reprise.api.HistoryEvent;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.config.RepriseConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code reprise_instances}: instance state, the orchestration lease, and queries over instances. Every method takes
 * the {@link SqlClient} to run on, so callers compose several repositories in one transaction.
 */
@ApplicationScoped
public class InstanceRepository {

    // A finished instance's ID may be reused, as in Durable Functions; a live one may not.
    private static final String INSERT_NEW = """
            INSERT INTO reprise_instances (task_hub, instance_id, execution_id, name, runtime_status, input,
                                           parent_instance_id, parent_task_id, parent_execution_id, created_at,
                                           last_updated_at, scheduled_start_at, trace_parent)
            VALUES ($1, $2, $3, $4, 'Pending', $5, $6, $7, $10, $8, $8, $9, $11)
            ON CONFLICT (task_hub, instance_id) DO UPDATE
            SET execution_id = EXCLUDED.execution_id, name = EXCLUDED.name, runtime_status = 'Pending',
                input = EXCLUDED.input, output = NULL, custom_status = NULL, failure = NULL,
                parent_instance_id = EXCLUDED.parent_instance_id, parent_task_id = EXCLUDED.parent_task_id,
                parent_execution_id = EXCLUDED.parent_execution_id,
                created_at = EXCLUDED.created_at, last_updated_at = EXCLUDED.last_updated_at, completed_at = NULL,
                scheduled_start_at = EXCLUDED.scheduled_start_at, trace_parent = EXCLUDED.trace_parent,
                lease_owner = NULL, lease_expires_at = NULL, history_size = 0
            WHERE reprise_instances.runtime_status IN ('Completed', 'Failed', 'Terminated')
            RETURNING (xmax = 0) AS inserted""";

    private static final String SELECT_ONE = """
            SELECT instance_id, execution_id, name, runtime_status, input, output, custom_status, failure,
                   parent_instance_id, parent_task_id, parent_execution_id, created_at, last_updated_at, completed_at,
                   scheduled_start_at, trace_parent
            FROM reprise_instances WHERE task_hub = $1 AND instance_id = $2""";

    // A claim commits without waiting for the WAL flush (Sql.ASYNC_COMMIT): a lease lost in a database crash only
    // makes the instance claimable again, and the step's own commit, which does wait, flushes the claim with it.
    // Driven from the inbox so finished instances cost nothing; Pending and Suspended instances only wake for the
    // messages that can change them: a Pending one for its start or a terminate (nothing else can run before the
    // start), a Suspended one for resume or terminate. The same rule in Java is takes(); ClaimRuleContractTest holds
    // the two spellings together.
    private static final String CLAIM = """
            WITH claimable AS (
                SELECT i.task_hub, i.instance_id, i.lease_owner AS previous_owner
                FROM reprise_instances i
                WHERE i.task_hub = $1
                  AND i.instance_id IN (SELECT m.instance_id FROM reprise_inbox m
                                        WHERE m.task_hub = $1 AND m.visible_at <= $2)
                  AND (i.lease_expires_at IS NULL OR i.lease_expires_at <= $2)
                  AND EXISTS (SELECT 1 FROM reprise_inbox m
                              WHERE m.task_hub = i.task_hub AND m.instance_id = i.instance_id AND m.visible_at <= $2
                                AND (i.runtime_status NOT IN ('Pending', 'Suspended')
                                     OR m.event_type = 'ExecutionTerminated'
                                     OR (i.runtime_status = 'Suspended' AND m.event_type = 'ExecutionResumed')
                                     OR (i.runtime_status = 'Pending' AND m.event_type = 'ExecutionStarted')))
                LIMIT $3
                FOR UPDATE SKIP LOCKED
            )
            UPDATE reprise_instances i
            SET lease_owner = $4, lease_expires_at = $5
            FROM claimable c
            WHERE i.task_hub = c.task_hub AND i.instance_id = c.instance_id AND """ + Sql.ASYNC_COMMIT + "\n" + """
            RETURNING i.instance_id, i.execution_id, i.name, i.runtime_status, i.input, i.output, i.custom_status,
                      i.failure, i.parent_instance_id, i.parent_task_id, i.parent_execution_id, i.created_at,
                      i.last_updated_at, i.completed_at, i.scheduled_start_at, i.trace_parent, i.history_size,
                      c.previous_owner""";

    private static final String RELEASE_ALL = """
            UPDATE reprise_instances SET lease_owner = NULL, lease_expires_at = NULL
            WHERE task_hub = $1 AND lease_owner = $2""";

    private static final String UPDATE_AFTER_STEP = """
            UPDATE reprise_instances
            SET runtime_status = $4, output = $5, failure = $6,
                custom_status = CASE WHEN $7 THEN $8 ELSE custom_status END,
                last_updated_at = $9, completed_at = $10, execution_id = $11, input = $12, history_size = $13,
                lease_owner = NULL, lease_expires_at = NULL
            WHERE task_hub = $1 AND instance_id = $2 AND lease_owner = $3""";

    private static final String RELEASE = """
            UPDATE reprise_instances SET lease_owner = NULL, lease_expires_at = NULL
            WHERE task_hub = $1 AND instance_id = $2 AND lease_owner = $3 AND """ + Sql.ASYNC_COMMIT;

    private static final String QUERY = """
            SELECT instance_id, execution_id, name, runtime_status, input, output, custom_status, failure,
                   parent_instance_id, parent_task_id, parent_execution_id, created_at, last_updated_at, completed_at,
                   scheduled_start_at, trace_parent
            FROM reprise_instances
            WHERE task_hub = $1
              AND ($2::text[] IS NULL OR runtime_status = ANY($2))
              AND ($3::timestamptz IS NULL OR created_at >= $3)
              AND ($4::timestamptz IS NULL OR created_at <= $4)
              AND ($5::text IS NULL OR starts_with(instance_id, $5))
              AND ($6::timestamptz IS NULL OR (created_at, instance_id) > ($6, $7))
            ORDER BY created_at, instance_id
            LIMIT $8""";

    // One statement for both purges: deletes the matching finished instances and everything they own.
    private static final String PURGE = """
            WITH doomed AS (
                DELETE FROM reprise_instances
                WHERE task_hub = $1
                  AND ($2::text IS NULL OR instance_id = $2)
                  AND ($3::timestamptz IS NULL OR created_at >= $3)
                  AND ($4::timestamptz IS NULL OR created_at <= $4)
                  AND runtime_status = ANY($5)
                RETURNING instance_id
            ), history AS (
                DELETE FROM reprise_history h USING doomed d WHERE h.task_hub = $1 AND h.instance_id = d.instance_id
            ), inbox AS (
                DELETE FROM reprise_inbox m USING doomed d WHERE m.task_hub = $1 AND m.instance_id = d.instance_id
            ), work AS (
                DELETE FROM reprise_work_items w USING doomed d WHERE w.task_hub = $1 AND w.instance_id = d.instance_id
            )
            SELECT count(*) AS deleted FROM doomed""";

    private static final String[] FINISHED = {OrchestrationRuntimeStatus.Completed.name(),
            OrchestrationRuntimeStatus.Failed.name(), OrchestrationRuntimeStatus.Terminated.name()};

    private final String taskHub;
    private final HistoryCodec codec;

    InstanceRepository(RepriseConfig config, HistoryCodec codec) {
        this.taskHub = config.taskHub();
        this.codec = codec;
    }

    /**
     * Whether a step of an instance in {@code status} takes {@code message}: the Java spelling of the rule the claim
     * applies in SQL. Suspended instances only take resume and terminate. Pending ones take nothing but terminate
     * until their start is due ({@code startDue}): replay needs the ExecutionStarted first, so anything else (a
     * resume, an event) waits in the inbox for it. Instances in other states take everything.
     */
    public static boolean takes(OrchestrationRuntimeStatus status, boolean startDue, HistoryEvent message) {
        if (message instanceof HistoryEvent.ExecutionTerminated) {
            return true;
        }
        if (status == OrchestrationRuntimeStatus.Pending) {
            return startDue;
        }
        return message instanceof HistoryEvent.ExecutionResumed || status != OrchestrationRuntimeStatus.Suspended;
    }

    /** What {@link #insertPending} did. */
    public enum InsertOutcome {
        CREATED,
        /** A finished instance with the same ID was reset; its old history and messages must go. */
        REPLACED,
        /** An instance with this ID exists and has not finished; nothing changed. */
        EXISTS
    }

    /** Inserts a Pending instance, or resets a finished one with the same ID. */
    public Uni<InsertOutcome> insertPending(SqlClient client, InstanceRecord instance) {
        return client.preparedQuery(INSERT_NEW).execute(Tuple.from(new Object[]{taskHub, instance.instanceId(),
                        instance.executionId(), instance.name(), instance.input(), instance.parentInstanceId(),
                        instance.parentTaskId(), Sql.ts(instance.createdAt()), Sql.ts(instance.scheduledStartAt()),
                        instance.parentExecutionId(), instance.traceParent()}))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return InsertOutcome.EXISTS;
                    }
                    return rows.iterator().next().getBoolean("inserted") ? InsertOutcome.CREATED
                            : InsertOutcome.REPLACED;
                });
    }

    /** The instance, or {@code null} when unknown. */
    public Uni<InstanceRecord> find(SqlClient client, String instanceId) {
        if (unstorable(instanceId)) {
            return Uni.createFrom().nullItem();
        }
        return client.preparedQuery(SELECT_ONE).execute(Tuple.of(taskHub, instanceId))
                .map(rows -> rows.iterator().hasNext() ? map(rows.iterator().next()) : null);
    }

    /** A claimed instance and the number of history events its current execution has. */
    public record ClaimedInstance(InstanceRecord instance, int historySize) {
    }

    /**
     * Leases up to {@code limit} instances that have due messages to {@code owner} until {@code leaseUntil}; an
     * expired lease of another owner is taken over.
     */
    public Uni<List<Leased<ClaimedInstance>>> claim(SqlClient client, Instant now, int limit, String owner,
                                                   Instant leaseUntil) {
        return client.preparedQuery(CLAIM)
                .execute(Tuple.of(taskHub, Sql.ts(now), limit, owner, Sql.ts(leaseUntil)))
                .map(rows -> {
                    List<Leased<ClaimedInstance>> out = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        out.add(new Leased<>(new ClaimedInstance(map(row), row.getInteger("history_size")),
                                row.getString("previous_owner")));
                    }
                    return out;
                });
    }

    /** Gives up every instance lease {@code owner} holds, so other replicas can take them at once (at shutdown). */
    public Uni<Integer> releaseAll(SqlClient client, String owner) {
        return client.preparedQuery(RELEASE_ALL).execute(Tuple.of(taskHub, owner)).map(RowSet::rowCount);
    }

    /**
     * Writes the state an orchestration step reached and releases the lease, only if {@code owner} still holds it.
     *
     * @param historySize the number of history events of the instance's current execution after the step
     * @return {@code false} when the lease was lost (another replica took the instance over): roll back
     */
    public Uni<Boolean> updateAfterStep(SqlClient client, String owner, InstanceRecord state, boolean customStatusSet,
                                        int historySize) {
        return client.preparedQuery(UPDATE_AFTER_STEP).execute(Tuple.from(new Object[]{taskHub, state.instanceId(),
                        owner, state.runtimeStatus().name(), state.output(), codec.encodeFailure(state.failure()),
                        customStatusSet, state.customStatus(), Sql.ts(state.lastUpdatedAt()),
                        Sql.ts(state.completedAt()), state.executionId(), state.input(), historySize}))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Gives up {@code owner}'s lease so another claim can take the instance at once. */
    public Uni<Void> release(SqlClient client, String instanceId, String owner) {
        return client.preparedQuery(RELEASE).execute(Tuple.of(taskHub, instanceId, owner)).replaceWithVoid();
    }

    /**
     * Instances matching the filter, ordered by creation time then ID.
     *
     * @param statuses        {@code null} for any
     * @param afterCreatedAt  with {@code afterInstanceId}, the continuation position, or {@code null} for the start
     */
    public Uni<List<InstanceRecord>> query(SqlClient client, List<OrchestrationRuntimeStatus> statuses,
                                           Instant createdFrom, Instant createdTo, String instanceIdPrefix,
                                           Instant afterCreatedAt, String afterInstanceId, int limit) {
        if (unstorable(instanceIdPrefix) || unstorable(afterInstanceId)) {
            return Uni.createFrom().item(List.of());
        }
        String[] statusNames = statuses == null || statuses.isEmpty() ? null
                : statuses.stream().map(Enum::name).toArray(String[]::new);
        return client.preparedQuery(QUERY).execute(Tuple.from(new Object[]{taskHub, statusNames,
                        Sql.ts(createdFrom), Sql.ts(createdTo), instanceIdPrefix, Sql.ts(afterCreatedAt),
                        afterInstanceId, limit}))
                .map(this::mapAll);
    }

    /** Deletes a finished instance with its history and messages; returns how many instances were deleted. */
    public Uni<Integer> purge(SqlClient client, String instanceId) {
        return purge(client, instanceId, null, null, FINISHED);
    }

    /** Deletes instances created in the window with one of {@code statuses}; returns how many. */
    public Uni<Integer> purge(SqlClient client, Instant createdFrom, Instant createdTo,
                              List<OrchestrationRuntimeStatus> statuses) {
        return purge(client, null, createdFrom, createdTo,
                statuses.stream().map(Enum::name).toArray(String[]::new));
    }

    private Uni<Integer> purge(SqlClient client, String instanceId, Instant createdFrom, Instant createdTo,
                               String[] statuses) {
        return client.preparedQuery(PURGE)
                .execute(Tuple.of(taskHub, instanceId, Sql.ts(createdFrom), Sql.ts(createdTo), statuses))
                .map(rows -> rows.iterator().next().getInteger("deleted"));
    }

    /**
     * {@code true} for text PostgreSQL cannot store or compare (it contains U+0000): no stored instance ID contains
     * it, and sending it would fail the query with an encoding error instead of simply matching nothing.
     */
    private static boolean unstorable(String text) {
        return text != null && text.indexOf('\u0000') >= 0;
    }

    private List<InstanceRecord> mapAll(RowSet<Row> rows) {
        List<InstanceRecord> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            out.add(map(row));
        }
        return out;
    }

    private InstanceRecord map(Row row) {
        return new InstanceRecord(row.getString("instance_id"), row.getString("execution_id"),
                row.getString("name"), OrchestrationRuntimeStatus.valueOf(row.getString("runtime_status")),
                row.getString("input"), row.getString("output"), row.getString("custom_status"),
                codec.decodeFailure(row.getString("failure")), row.getString("parent_instance_id"),
                row.getInteger("parent_task_id"), row.getString("parent_execution_id"), Sql.instant(row, "created_at"),
                Sql.instant(row, "last_updated_at"), Sql.instant(row, "completed_at"),
                Sql.instant(row, "scheduled_start_at"), row.getString("trace_parent"));
    }
}
