package dev.reprise.engine;

import dev.reprise.api.EntityInstanceId;
import dev.reprise.config.RepriseConfig;
import dev.reprise.history.EntityMessage;
import dev.reprise.history.HistoryCodec;
import dev.reprise.store.EntityBatchCommit;
import dev.reprise.store.EntityRecord;
import dev.reprise.store.EntityStore;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The entity batch commit on PostgreSQL, driven directly: the entities here are leased to an owner no dispatcher is,
 * so only the test commits their batches.
 */
@QuarkusTest
class EntityStoreTest extends ClientSteps {

    private static final String OWNER = "entity-store-test";

    @Inject
    EntityStore store;
    @Inject
    Pool pool;
    @Inject
    RepriseConfig config;
    @Inject
    Clock clock;

    @Inject
    HistoryCodec codec;

    private EntityInstanceId leasedEntity(String prefix, String leaseOwner) {
        EntityInstanceId id = EntityInstanceId.of(EntityTestFunctions.LEDGER, prefix + "-" + UUID.randomUUID());
        await(pool.preparedQuery("""
                INSERT INTO reprise_entities (task_hub, entity_id, name, entity_key, created_at, last_modified_at,
                                              lease_owner, lease_expires_at)
                VALUES ($1, $2, $3, $4, $5, $5, $6, $5 + interval '1 hour')""").execute(Tuple.from(new Object[]{
                config.taskHub(), id.toString(), id.getName(), id.getKey(), clock.instant().atOffset(ZoneOffset.UTC),
                leaseOwner})));
        return id;
    }

    private List<Long> queue(EntityInstanceId id, int count) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(await(pool.preparedQuery("""
                    INSERT INTO reprise_entity_inbox (task_hub, entity_id, kind, payload, visible_at, created_at)
                    VALUES ($1, $2, 'signal', $3, $4, $4) RETURNING id""").execute(Tuple.of(config.taskHub(),
                    id.toString(), codec.encodeMessage(EntityMessage.signal("get", null)),
                    clock.instant().atOffset(ZoneOffset.UTC)))).iterator().next().getLong("id"));
        }
        return ids;
    }

    private Row row(EntityInstanceId id) {
        return await(pool.preparedQuery("""
                SELECT state, version, lease_owner, locked_by,
                       (SELECT count(*) FROM reprise_entity_inbox m
                        WHERE m.task_hub = e.task_hub AND m.entity_id = e.entity_id) AS waiting,
                       (SELECT string_agg(kind || ':' || coalesce(sender_instance, ''), ',' ORDER BY id)
                        FROM reprise_entity_inbox m
                        WHERE m.task_hub = e.task_hub AND m.entity_id = e.entity_id) AS kinds
                FROM reprise_entities e WHERE task_hub = $1 AND entity_id = $2""")
                .execute(Tuple.of(config.taskHub(), id.toString()))).iterator().next();
    }

    private EntityBatchCommit batch(EntityRecord before, String state, String lockedBy, String lockedByExecution,
                                    List<Long> consumed, List<EntityBatchCommit.EntitySendRequest> sends,
                                    List<EntityBatchCommit.LockEntry> locks) {
        Instant now = clock.instant();
        return new EntityBatchCommit(before, state, lockedBy, lockedByExecution, now, consumed, List.of(), sends,
                List.of(), locks, now);
    }

    @Test
    void batchCommittedTwice_asAfterALostAnswer_isAppliedOnce() {
        EntityInstanceId id = leasedEntity("twice", OWNER);
        EntityInstanceId target = leasedEntity("target", OWNER);
        List<Long> messages = queue(id, 2);
        EntityBatchCommit commit = batch(new EntityRecord(id, null, null, null, 0), "{\"entries\":[\"a\",\"b\"]}",
                null, null, messages, List.of(new EntityBatchCommit.EntitySendRequest(target,
                        EntityMessage.signal("append", "\"c\""), id.toString(), null, null)), List.of());

        EntityStore.Committed first = await(store.commitBatches(OWNER, List.of(commit)));
        EntityStore.Committed again = await(store.commitBatches(OWNER, List.of(commit)));

        assertThat(first.applied()).containsExactly(id.toString());
        assertThat(again.applied()).isEmpty();
        Row after = row(id);
        assertThat(after.getString("state")).isEqualTo("{\"entries\":[\"a\",\"b\"]}");
        assertThat(after.getLong("version")).isEqualTo(1);
        assertThat(after.getString("lease_owner")).isNull();
        assertThat(after.getLong("waiting")).isZero();
        assertThat(row(target).getLong("waiting")).as("the signal, sent once").isEqualTo(1);
    }

    @Test
    void batchOfAProcessThatLostTheLease_writesNothing() {
        EntityInstanceId id = leasedEntity("lost", "someone-else");
        List<Long> messages = queue(id, 1);

        EntityStore.Committed committed = await(store.commitBatches(OWNER, List.of(batch(
                new EntityRecord(id, null, null, null, 0), "1", null, null, messages, List.of(), List.of()))));

        assertThat(committed.applied()).isEmpty();
        assertThat(row(id).getString("state")).isNull();
        assertThat(row(id).getLong("waiting")).isEqualTo(1);
    }

    @Test
    void lockForAnExecutionThatEnded_isNotApplied_andOneThatRuns_isReleasedWhenItIsTerminated() {
        String finished = start(TestFunctions.ECHO, 1, "entity-store-finished");
        complete(finished);
        String running = start(TestFunctions.WAIT_FOR_EVENT, null, "entity-store-running");
        Eventually.until(running + " to run", () -> await(client.getInstanceMetadata(running, false))
                .getRuntimeStatus().name(), "Running"::equals);
        String runningExecution = executionOf(running);
        EntityInstanceId refused = leasedEntity("refused", OWNER);
        EntityInstanceId granted = leasedEntity("granted", OWNER);

        EntityStore.Committed toEnded = await(store.commitBatches(OWNER, List.of(batch(
                new EntityRecord(refused, null, null, null, 0), null, finished, executionOf(finished),
                queue(refused, 1), List.of(), List.of(new EntityBatchCommit.LockEntry(finished,
                        executionOf(finished), true))))));
        EntityStore.Committed toRunning = await(store.commitBatches(OWNER, List.of(batch(
                new EntityRecord(granted, null, null, null, 0), null, running, runningExecution,
                queue(granted, 1), List.of(), List.of(new EntityBatchCommit.LockEntry(running, runningExecution,
                        true))))));

        assertThat(toEnded.applied()).isEmpty();
        assertThat(row(refused).getString("locked_by")).isNull();
        assertThat(toRunning.applied()).containsExactly(granted.toString());
        assertThat(row(granted).getString("locked_by")).isEqualTo(running);
        assertThat(entityLocksOf(running)).containsExactly(runningExecution + " " + granted);

        // Leased to the test again, so no dispatcher runs the release before it is looked at.
        await(pool.preparedQuery("""
                UPDATE reprise_entities SET lease_owner = $3, lease_expires_at = $4
                WHERE task_hub = $1 AND entity_id = $2""").execute(Tuple.of(config.taskHub(), granted.toString(),
                OWNER, clock.instant().plusSeconds(3600).atOffset(ZoneOffset.UTC))));
        await(client.terminate(running, "end while holding a lock"));
        complete(running);

        assertThat(row(granted).getString("kinds")).as("a release from the ended execution, in its last commit")
                .isEqualTo("release:" + running);
    }

    private String executionOf(String instanceId) {
        return await(pool.preparedQuery("SELECT execution_id FROM reprise_instances WHERE task_hub = $1 "
                + "AND instance_id = $2").execute(Tuple.of(config.taskHub(), instanceId))).iterator().next()
                .getString("execution_id");
    }

    private List<String> entityLocksOf(String instanceId) {
        return List.of(await(pool.preparedQuery("SELECT entity_locks FROM reprise_instances WHERE task_hub = $1 "
                + "AND instance_id = $2").execute(Tuple.of(config.taskHub(), instanceId))).iterator().next()
                .getArrayOfStrings("entity_locks"));
    }
}
