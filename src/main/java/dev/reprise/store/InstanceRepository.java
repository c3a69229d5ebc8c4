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
 * {@code reprise_instances}: instance state and the orchestration lease; queries over instances are the query side's
 * ({@code dev.reprise.query}). Every method takes the {@link SqlClient} to run on, so callers compose several
 * repositories in one transaction.
 */
@ApplicationScoped
public class InstanceRepository {

    private static final String SELECT_ONE = """
            SELECT instance_id, execution_id, name, runtime_status, input, output, custom_status, failure,
                   parent_instance_id, parent_task_id, parent_execution_id, created_at, last_updated_at, completed_at,
                   scheduled_start_at, trace_parent, version
            FROM reprise_instances WHERE task_hub = $1 AND instance_id = $2""";

    // A claim commits without waiting for the WAL flush (Sql.ASYNC_COMMIT): a lease lost in a database crash only
    // makes the instance claimable again, and the step's own commit, which does wait, flushes the claim with it.
    // Driven from the inbox so finished instances cost nothing; Pending and Suspended instances only wake for the
    // messages that can change them: a Pending one for its start or a terminate (nothing else can run before the
    // start), a Suspended one for resume or terminate. The same rule in Java is takes(); ClaimRuleContractTest holds
    // the two spellings together. With a version filter ($7 not null) only instances whose version the process's
    // match strategy accepts are taken: VersionMatchStrategy.accepts in SQL (dotted numeric versions as numeric
    // arrays, which order as OrchestrationVersions.compare does, else text under "C"), held to it by the same test.
    // With no filter ($7 null) the condition's first arm is true, so nothing else of it is evaluated.
    private static final String CLAIM = """
            WITH claimable AS (
                SELECT i.task_hub, i.instance_id,
                       CASE WHEN i.lease_owner = $4 THEN NULL ELSE i.lease_owner END AS previous_owner
                FROM reprise_instances i
                WHERE i.task_hub = $1
                  AND i.instance_id IN (SELECT m.instance_id FROM reprise_inbox m
                                        WHERE m.task_hub = $1 AND m.visible_at <= $2)
                  AND (i.lease_expires_at IS NULL OR i.lease_expires_at <= $2
                       OR (i.lease_owner = $4 AND NOT i.instance_id = ANY($6::text[])))
                  AND EXISTS (SELECT 1 FROM reprise_inbox m
                              WHERE m.task_hub = i.task_hub AND m.instance_id = i.instance_id AND m.visible_at <= $2
                                AND (i.runtime_status NOT IN ('Pending', 'Suspended')
                                     OR m.event_type = 'ExecutionTerminated'
                                     OR (i.runtime_status = 'Suspended' AND m.event_type = 'ExecutionResumed')
                                     OR (i.runtime_status = 'Pending' AND m.event_type = 'ExecutionStarted')))
                  AND ($7::text IS NULL OR CASE
                      WHEN $9::text[] IS NOT NULL AND i.version ~ '^[0-9]+([.][0-9]+)*$' THEN
                          CASE WHEN $7 = 'strict'
                               THEN string_to_array(i.version, '.')::numeric[] = $9::text[]::numeric[]
                               ELSE string_to_array(i.version, '.')::numeric[] <= $9::text[]::numeric[] END
                      WHEN $7 = 'strict' THEN lower(i.version COLLATE "C") = lower($8 COLLATE "C")
                      ELSE lower(i.version COLLATE "C") <= lower($8 COLLATE "C") END)
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
                      i.version, c.previous_owner""";

    private static final String RELEASE_ALL = """
            UPDATE reprise_instances SET lease_owner = NULL, lease_expires_at = NULL
            WHERE task_hub = $1 AND lease_owner = $2""";

    private static final String RELEASE = """
            UPDATE reprise_instances SET lease_owner = NULL, lease_expires_at = NULL
            WHERE task_hub = $1 AND instance_id = ANY($2) AND lease_owner = $3 AND """ + Sql.ASYNC_COMMIT;

    // Rows a step of this process is committing right now are skipped, not waited for: that commit sets their lease
    // anyway, and waiting could deadlock with it (both lock several instance rows, in no common order).
    private static final String RENEW = """
            UPDATE reprise_instances i SET lease_expires_at = $4
            FROM (SELECT task_hub, instance_id FROM reprise_instances
                  WHERE task_hub = $1 AND instance_id = ANY($2) AND lease_owner = $3
                  FOR UPDATE SKIP LOCKED) k
            WHERE i.task_hub = k.task_hub AND i.instance_id = k.instance_id AND """ + Sql.ASYNC_COMMIT + "\n" + """
            RETURNING i.instance_id""";

    // One statement for both purges: deletes the matching finished instances, with $6 their finished descendants
    // (found through parent_instance_id, level by level; a child still running stops the descent there), and
    // everything they own.
    private static final String PURGE = """
            WITH RECURSIVE tree AS (
                SELECT instance_id FROM reprise_instances
                WHERE task_hub = $1
                  AND ($2::text IS NULL OR instance_id = $2)
                  AND ($3::timestamptz IS NULL OR created_at >= $3)
                  AND ($4::timestamptz IS NULL OR created_at <= $4)
                  AND runtime_status = ANY($5)
                UNION
                SELECT c.instance_id FROM reprise_instances c JOIN tree t ON c.parent_instance_id = t.instance_id
                WHERE $6 AND c.task_hub = $1 AND c.runtime_status IN ('Completed', 'Failed', 'Terminated')
            ), doomed AS (
                DELETE FROM reprise_instances i USING tree t
                WHERE i.task_hub = $1 AND i.instance_id = t.instance_id
                RETURNING i.instance_id
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
     * Leases up to {@code limit} instances that have due messages to {@code owner} until {@code leaseUntil}: unleased
     * ones, expired leases of other owners (taken over), and instances {@code owner} keeps already, except the
     * {@code busy} ones (whose steps it is running), and only instances whose version {@code versions} takes.
     */
    public Uni<List<Leased<ClaimedInstance>>> claim(SqlClient client, Instant now, int limit, String owner,
                                                   Instant leaseUntil, List<String> busy, VersionFilter versions) {
        return client.preparedQuery(CLAIM)
                .execute(Tuple.from(new Object[]{taskHub, Sql.ts(now), limit, owner, Sql.ts(leaseUntil),
                        busy.toArray(String[]::new), versions.mode(), versions.version(),
                        versions.numericComponents()}))
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

    /** Gives up {@code owner}'s lease on an instance so another claim can take it at once. */
    public Uni<Void> release(SqlClient client, String instanceId, String owner) {
        return release(client, List.of(instanceId), owner).replaceWithVoid();
    }

    /** Gives up {@code owner}'s leases on {@code instanceIds}; emits how many it held. */
    public Uni<Integer> release(SqlClient client, List<String> instanceIds, String owner) {
        return client.preparedQuery(RELEASE).execute(Tuple.of(taskHub, instanceIds.toArray(String[]::new), owner))
                .map(RowSet::rowCount);
    }

    /**
     * Extends {@code owner}'s leases on the instances it keeps until {@code leaseUntil}; emits those it still held
     * (a lease another process took over is not extended; one a step of this process is committing is left to it).
     */
    public Uni<List<String>> renew(SqlClient client, List<String> instanceIds, String owner, Instant leaseUntil) {
        return client.preparedQuery(RENEW).execute(Tuple.of(taskHub, instanceIds.toArray(String[]::new), owner,
                        Sql.ts(leaseUntil)))
                .map(rows -> {
                    List<String> out = new ArrayList<>(rows.size());
                    rows.forEach(r -> out.add(r.getString("instance_id")));
                    return out;
                });
    }

    /**
     * Deletes a finished instance with its history and messages and, with {@code recursive}, its finished
     * descendants with theirs; returns how many instances were deleted.
     */
    public Uni<Integer> purge(SqlClient client, String instanceId, boolean recursive) {
        return purge(client, instanceId, null, null, FINISHED, recursive);
    }

    /** Deletes instances created in the window with one of {@code statuses}, and their finished descendants. */
    public Uni<Integer> purge(SqlClient client, Instant createdFrom, Instant createdTo,
                              List<OrchestrationRuntimeStatus> statuses) {
        return purge(client, null, createdFrom, createdTo,
                statuses.stream().map(Enum::name).toArray(String[]::new), true);
    }

    private Uni<Integer> purge(SqlClient client, String instanceId, Instant createdFrom, Instant createdTo,
                               String[] statuses, boolean recursive) {
        return client.preparedQuery(PURGE)
                .execute(Tuple.from(new Object[]{taskHub, instanceId, Sql.ts(createdFrom), Sql.ts(createdTo),
                        statuses, recursive}))
                .map(rows -> rows.iterator().next().getInteger("deleted"));
    }

    /**
     * {@code true} for text PostgreSQL cannot store or compare (it contains U+0000): no stored instance ID contains
     * it, and sending it would fail the query with an encoding error instead of simply matching nothing.
     */
    private static boolean unstorable(String text) {
        return text != null && text.indexOf('\u0000') >= 0;
    }

    private InstanceRecord map(Row row) {
        return new InstanceRecord(row.getString("instance_id"), row.getString("execution_id"),
                row.getString("name"), OrchestrationRuntimeStatus.valueOf(row.getString("runtime_status")),
                row.getString("input"), row.getString("output"), row.getString("custom_status"),
                codec.decodeFailure(row.getString("failure")), row.getString("parent_instance_id"),
                row.getInteger("parent_task_id"), row.getString("parent_execution_id"), Sql.instant(row, "created_at"),
                Sql.instant(row, "last_updated_at"), Sql.instant(row, "completed_at"),
                Sql.instant(row, "scheduled_start_at"), row.getString("trace_parent"), row.getString("version"));
    }
}
