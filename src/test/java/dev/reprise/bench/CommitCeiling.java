package dev.reprise.bench;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * W5: how many transactions per second this PostgreSQL commits when each has the shape of an orchestration step
 * (update the instance row under its lease, append two history rows with {@code unnest}, delete the consumed message,
 * queue the next work item), sent through the same reactive client and pool the engine uses, at the same
 * concurrency. It touches only its own scratch tables.
 */
final class CommitCeiling {

    private static final String CREATE = """
            DROP TABLE IF EXISTS bench_ceiling_instances, bench_ceiling_history, bench_ceiling_queue;
            CREATE TABLE bench_ceiling_instances (id text PRIMARY KEY, status text NOT NULL,
                                                  updated_at timestamptz NOT NULL, lease_owner text);
            CREATE TABLE bench_ceiling_history (instance_id text NOT NULL, sequence_number integer NOT NULL,
                                                event_type text NOT NULL, payload text NOT NULL,
                                                created_at timestamptz NOT NULL,
                                                PRIMARY KEY (instance_id, sequence_number));
            CREATE TABLE bench_ceiling_queue (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                                              instance_id text NOT NULL, payload text NOT NULL,
                                              visible_at timestamptz NOT NULL);
            CREATE INDEX ON bench_ceiling_queue (visible_at)""";

    private static final String SEED = """
            INSERT INTO bench_ceiling_instances (id, status, updated_at, lease_owner)
            SELECT 'i' || n, 'Running', now(), 'bench' FROM generate_series(0, $1 - 1) AS n""";

    private static final String UPDATE_INSTANCE = """
            UPDATE bench_ceiling_instances SET status = 'Running', updated_at = $2
            WHERE id = $1 AND lease_owner = 'bench'""";

    private static final String APPEND_HISTORY = """
            INSERT INTO bench_ceiling_history (instance_id, sequence_number, event_type, payload, created_at)
            SELECT $1, e.sequence_number, e.event_type, e.payload, $2
            FROM unnest($3::integer[], $4::text[], $5::text[]) AS e(sequence_number, event_type, payload)""";

    private static final String DELETE_MESSAGE = """
            DELETE FROM bench_ceiling_queue WHERE id = ANY($1)""";

    private static final String QUEUE_NEXT = """
            INSERT INTO bench_ceiling_queue (instance_id, payload, visible_at) VALUES ($1, $2, $3) RETURNING id""";

    // Payloads the size of a HelloCities step's events.
    private static final String STARTED = "{\"type\":\"OrchestratorStarted\",\"timestamp\":\"2026-11-21T10:00:00Z\"}";
    private static final String COMPLETED = "{\"type\":\"TaskCompleted\",\"timestamp\":\"2026-11-21T10:00:00Z\","
            + "\"taskScheduledId\":3,\"result\":\"\\\"Hello Seattle!\\\"\"}";
    private static final String WORK = "\"London\"";

    private final Pool pool;
    private final int instances;
    // Kept across runs: each run continues every instance's history and message chain where the last one stopped.
    private final AtomicLongArray lastMessage;
    private final int[] sequence;

    CommitCeiling(Pool pool, int instances) {
        this.pool = pool;
        this.instances = instances;
        this.lastMessage = new AtomicLongArray(instances);
        this.sequence = new int[instances];
    }

    /** Creates the scratch tables afresh. */
    void prepare() {
        pool.query(CREATE).execute().await().atMost(Duration.ofMinutes(1));
        pool.preparedQuery(SEED).execute(Tuple.of(instances)).await().atMost(Duration.ofMinutes(1));
    }

    /** Commits {@code transactions} step-shaped transactions, {@code concurrency} at a time; returns commits/s. */
    double measure(int transactions, int concurrency) {
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        Multi.createFrom().range(0, concurrency)
                .onItem().transformToUniAndMerge(worker -> worker(next, transactions, lastMessage, sequence))
                .collect().last().await().atMost(Duration.ofMinutes(10));
        return transactions / ((System.nanoTime() - started) / 1e9);
    }

    private Uni<Void> worker(AtomicInteger next, int transactions, AtomicLongArray lastMessage, int[] sequence) {
        int n = next.getAndIncrement();
        if (n >= transactions) {
            return Uni.createFrom().voidItem();
        }
        return step(n % instances, lastMessage, sequence).chain(() -> worker(next, transactions, lastMessage, sequence));
    }

    private Uni<Void> step(int instance, AtomicLongArray lastMessage, int[] sequence) {
        String id = "i" + instance;
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int seq;
        synchronized (sequence) {
            seq = sequence[instance];
            sequence[instance] = seq + 2;
        }
        return pool.withTransaction(tx -> tx.preparedQuery(UPDATE_INSTANCE).execute(Tuple.of(id, now))
                .chain(updated -> tx.preparedQuery(APPEND_HISTORY).execute(Tuple.of(id, now,
                        new Integer[]{seq, seq + 1}, new String[]{"OrchestratorStarted", "TaskCompleted"},
                        new String[]{STARTED, COMPLETED})))
                .chain(() -> tx.preparedQuery(DELETE_MESSAGE)
                        .execute(Tuple.of((Object) new Long[]{lastMessage.get(instance)})))
                .chain(() -> tx.preparedQuery(QUEUE_NEXT).execute(Tuple.of(id, WORK, now)))
                .invoke(rows -> lastMessage.set(instance, rows.iterator().next().getLong("id")))
                .replaceWithVoid());
    }
}
