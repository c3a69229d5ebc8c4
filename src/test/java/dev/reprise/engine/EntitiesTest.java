package dev.reprise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.api.CleanEntityStorageResult;
import dev.reprise.api.EntityInstanceId;
import dev.reprise.api.EntityMetadata;
import dev.reprise.api.EntityQuery;
import dev.reprise.api.EntityQueryResult;
import dev.reprise.api.OrchestrationMetadata;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.UnknownFunctionException;
import dev.reprise.config.RepriseConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.reprise.engine.EntityTestFunctions.LEDGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Entities through the engine and PostgreSQL: order, exactly-once, failures, locks, queries and repairs. */
@QuarkusTest
class EntitiesTest extends ClientSteps {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Pool pool;
    @Inject
    RepriseConfig config;
    @Inject
    Clock clock;

    private static EntityInstanceId ledger(String key) {
        return EntityInstanceId.of(LEDGER, key);
    }

    private static String key(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private List<String> entries(EntityInstanceId id) {
        EntityMetadata m = await(client.getEntity(id, true));
        return m == null ? List.of() : m.readStateAs(EntityTestFunctions.Entries.class).entries();
    }

    private List<String> eventuallyEntries(EntityInstanceId id, int count) {
        return Eventually.until(id + " to hold " + count + " entries", () -> entries(id), e -> e.size() >= count);
    }

    private Row entityRow(EntityInstanceId id) {
        var rows = await(pool.preparedQuery("""
                SELECT state, locked_by, locked_by_execution, version,
                       (SELECT count(*) FROM reprise_entity_inbox m WHERE m.task_hub = e.task_hub
                                                                      AND m.entity_id = e.entity_id) AS waiting
                FROM reprise_entities e WHERE task_hub = $1 AND entity_id = $2""")
                .execute(Tuple.of(config.taskHub(), id.toString())));
        return rows.iterator().hasNext() ? rows.iterator().next() : null;
    }

    private String lockedBy(EntityInstanceId id) {
        Row row = entityRow(id);
        return row == null ? null : row.getString("locked_by");
    }

    private JsonNode call(String name, String key, String operation, Object input) {
        String id = start(EntityTestFunctions.CALL, new EntityTestFunctions.Call(name, key, operation,
                JSON.valueToTree(input), 0), "entity-call");
        return JSON.valueToTree(complete(id).readOutputAs(JsonNode.class));
    }

    @Test
    void signals_fromOneClient_runInTheOrderSentEachOnce() {
        EntityInstanceId id = ledger(key("order"));
        List<String> sent = IntStream.rangeClosed(1, 60).mapToObj(Integer::toString).toList();

        await(Multi.createFrom().iterable(sent).onItem()
                .transformToUniAndConcatenate(text -> client.signalEntity(id, "append", text)).collect().asList());

        assertThat(eventuallyEntries(id, sent.size())).containsExactlyElementsOf(sent);
        Eventually.until("the queue to drain", () -> entityRow(id).getLong("waiting"), n -> n == 0);
        assertThat(entries(id)).containsExactlyElementsOf(sent);
    }

    @Test
    void callEntity_returnsTheOperationsResult_andSignalsFromAnOrchestrationRunInOrder() {
        String key = key("calls");
        start(EntityTestFunctions.SIGNAL, new EntityTestFunctions.Call(LEDGER, key, "append",
                JSON.valueToTree("x"), 5), "entity-signaller");

        eventuallyEntries(ledger(key), 5);
        JsonNode state = call(LEDGER, key, "get", null);

        assertThat(state.path("entries")).hasSize(5);
        assertThat(await(client.getEntity(ledger(key), false)).getSerializedState()).isNull();
    }

    @Test
    void operationThatThrows_undoesItsOwnChange_callerGetsTheFailure_entityGoesOn() {
        EntityInstanceId id = ledger(key("throws"));
        await(client.signalEntity(id, "append", "kept"));
        eventuallyEntries(id, 1);

        String caller = start(EntityTestFunctions.CALL, new EntityTestFunctions.Call(LEDGER, id.getKey(),
                "appendThenFail", JSON.valueToTree("dropped"), 0), "entity-fail");
        OrchestrationMetadata failed = complete(caller);
        await(client.signalEntity(id, "append", "after"));

        assertThat(failed.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(failed.getFailureDetails().errorMessage()).contains("appendThenFail failed on purpose");
        assertThat(failed.getFailureDetails().innerFailure().errorType())
                .isEqualTo(IllegalStateException.class.getName());
        assertThat(eventuallyEntries(id, 2)).containsExactly("kept", "after");
    }

    @Test
    void messagesAndStartsOfAnOperation_commitWithIt_andVanishWhenItThrows() {
        EntityInstanceId from = ledger(key("from"));
        String to = key("to");
        await(client.signalEntity(from, "forwardThenFail", new EntityTestFunctions.Forward(to, "never")));
        await(client.signalEntity(from, "forward", new EntityTestFunctions.Forward(to, "once")));
        JsonNode started = call(LEDGER, from.getKey(), "startEcho", "from an entity");

        assertThat(eventuallyEntries(ledger(to), 1)).containsExactly("once");
        assertThat(complete(started.asText()).readOutputAs(String.class)).isEqualTo("from an entity");
        assertThat(entries(ledger(to))).containsExactly("once");
    }

    @Test
    void unknownEntityName_failsTheCallClearly_andTheClientRefusesToSignal() {
        String caller = start(EntityTestFunctions.CALL, new EntityTestFunctions.Call("TestNoSuchEntity", "k",
                "get", null, 0), "entity-unknown");
        OrchestrationMetadata failed = complete(caller);

        assertThat(failed.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(failed.getFailureDetails().errorMessage()).contains("No entity named 'testnosuchentity'")
                .contains(LEDGER);
        assertThatThrownBy(() -> await(client.signalEntity(EntityInstanceId.of("TestNoSuchEntity", "k"), "get",
                null))).isInstanceOf(UnknownFunctionException.class);
    }

    @Test
    void stateThatCannotBeWrittenOrRead_failsThatOperationOnly() {
        String key = key("raw");
        await(client.signalEntity(EntityInstanceId.of(EntityTestFunctions.RAW, key), "set", "text"));

        String unwritable = start(EntityTestFunctions.CALL, new EntityTestFunctions.Call(EntityTestFunctions.RAW,
                key, "unserializable", null, 0), "entity-unwritable");
        String unreadable = start(EntityTestFunctions.CALL, new EntityTestFunctions.Call(EntityTestFunctions.RAW,
                key, "readInt", null, 0), "entity-unreadable");
        String badResult = start(EntityTestFunctions.CALL, new EntityTestFunctions.Call(EntityTestFunctions.RAW,
                key, "returnUnserializable", null, 0), "entity-bad-result");

        assertThat(complete(unwritable).getFailureDetails().errorMessage()).contains("cannot be written");
        assertThat(complete(unreadable).getFailureDetails().errorMessage())
                .contains("cannot be read as java.lang.Integer");
        assertThat(complete(badResult).getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(await(client.getEntity(EntityInstanceId.of(EntityTestFunctions.RAW, key), true))
                .getSerializedState()).isEqualTo("\"text\"");
    }

    @Test
    void criticalSection_othersWaitInOrder_untilTheSectionCloses() {
        String a = key("lock-a");
        String b = key("lock-b");
        String holder = start(EntityTestFunctions.LOCK_AND_WAIT, new EntityTestFunctions.Locking(List.of(b, a)),
                "entity-lock-wait");
        eventuallyEntries(ledger(a), 1);
        eventuallyEntries(ledger(b), 1);

        await(client.signalEntity(ledger(a), "append", "waited"));
        Eventually.until("the signal to wait in the queue", () -> entityRow(ledger(a)).getLong("waiting"),
                n -> n == 1);
        assertThat(entries(ledger(a))).containsExactly(holder);
        assertThat(await(client.getEntity(ledger(a), false)).getLockedBy()).isEqualTo(holder);

        await(client.raiseEvent(holder, EntityTestFunctions.GO, null));

        assertThat(complete(holder).readOutputAs(String.class)).isEqualTo("released");
        assertThat(eventuallyEntries(ledger(a), 2)).containsExactly(holder, "waited");
        Eventually.until("both locks released", () -> lockedBy(ledger(a)) == null && lockedBy(ledger(b)) == null,
                released -> released);
    }

    @Test
    void orchestrationEndingInsideASection_releasesItsLocksWithItsEnd() {
        String a = key("end-a");
        String ended = start(EntityTestFunctions.LOCK_AND_END, new EntityTestFunctions.Locking(List.of(a)),
                "entity-lock-end");
        assertThat(complete(ended).getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.Completed);

        Eventually.until(a + " released", () -> lockedBy(ledger(a)), held -> held == null);
        await(client.signalEntity(ledger(a), "append", "next"));
        assertThat(eventuallyEntries(ledger(a), 2)).containsExactly(ended, "next");
    }

    @Test
    void terminatedWhileHoldingOrWaitingForALock_releasesOrNeverTakesIt() {
        String a = key("term-a");
        String holder = start(EntityTestFunctions.LOCK_AND_WAIT, new EntityTestFunctions.Locking(List.of(a)),
                "entity-term-holder");
        eventuallyEntries(ledger(a), 1);
        String waiter = start(EntityTestFunctions.LOCK_AND_WAIT, new EntityTestFunctions.Locking(List.of(a)),
                "entity-term-waiter");
        Eventually.until("the waiter's request to queue", () -> entityRow(ledger(a)).getLong("waiting"),
                n -> n == 1);

        await(client.terminate(waiter, "no longer needed"));
        complete(waiter);
        await(client.terminate(holder, "stop"));
        complete(holder);

        Eventually.until(a + " released and its queue drained", () -> entityRow(ledger(a)),
                row -> row.getString("locked_by") == null && row.getLong("waiting") == 0);
        assertThat(entries(ledger(a))).containsExactly(holder);
    }

    @Test
    void getAndQueryEntities_pageByEntityId_withAndWithoutState() {
        String prefix = "q" + UUID.randomUUID().toString().substring(0, 8);
        List<String> keys = List.of(prefix + "-1", prefix + "-2", prefix + "-3");
        keys.forEach(k -> await(client.signalEntity(ledger(k), "append", k)));
        keys.forEach(k -> eventuallyEntries(ledger(k), 1));

        EntityQuery first = new EntityQuery("@" + LEDGER + "@" + prefix, null, null, true, false, 2, null);
        EntityQueryResult page1 = await(client.queryEntities(first));
        EntityQueryResult page2 = await(client.queryEntities(new EntityQuery(first.instanceIdStartsWith(), null,
                null, false, false, 2, page1.continuationToken())));

        List<String> seen = new ArrayList<>();
        page1.entities().forEach(m -> seen.add(m.getEntityInstanceId().getKey()));
        page2.entities().forEach(m -> seen.add(m.getEntityInstanceId().getKey()));
        assertThat(seen).containsExactlyElementsOf(keys);
        assertThat(page1.entities().get(0).readStateAs(EntityTestFunctions.Entries.class).entries())
                .containsExactly(keys.get(0));
        assertThat(page2.entities()).allMatch(m -> m.getSerializedState() == null);
        assertThat(page2.continuationToken()).isNull();
        EntityMetadata one = await(client.getEntity(ledger(keys.get(1)), true));
        assertThat(one.getLastModifiedTime()).isNotNull();
        assertThat(one.getBacklogQueueSize()).isZero();
        assertThat(one.getEntityInstanceId()).isEqualTo(EntityInstanceId.of(LEDGER.toUpperCase(), keys.get(1)));
    }

    @Test
    void cleanEntityStorage_removesDeletedEntities_andReleasesLocksOfFinishedOrchestrations() {
        EntityInstanceId deleted = ledger(key("deleted"));
        await(client.signalEntity(deleted, "append", "x"));
        await(client.signalEntity(deleted, "delete", null));
        Eventually.until(deleted + " deleted", () -> entityRow(deleted), row -> row.getString("state") == null
                && row.getLong("waiting") == 0);
        assertThat(await(client.getEntity(deleted, true))).isNull();
        // A lock left by an execution that ended: as a crash or a manual purge could leave it.
        EntityInstanceId orphan = ledger(key("orphan"));
        await(client.signalEntity(orphan, "append", "x"));
        eventuallyEntries(orphan, 1);
        String finished = start(TestFunctions.ECHO, 1, "entity-orphan-holder");
        complete(finished);
        await(pool.preparedQuery("""
                UPDATE reprise_entities SET locked_by = $3, locked_by_execution = 'gone'
                WHERE task_hub = $1 AND entity_id = $2""").execute(Tuple.of(config.taskHub(), orphan.toString(),
                finished)));
        await(client.signalEntity(orphan, "append", "after the lock"));

        CleanEntityStorageResult result = await(client.cleanEntityStorage(true, true));

        assertThat(result.emptyEntitiesRemoved()).isPositive();
        assertThat(result.orphanedLocksReleased()).isPositive();
        assertThat(entityRow(deleted)).isNull();
        assertThat(eventuallyEntries(orphan, 2)).containsExactly("x", "after the lock");
        assertThat(lockedBy(orphan)).isNull();
    }

    @Test
    void manySignallersAtOnce_counterEqualsTheNumberOfSignals() {
        String key = key("many");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(start(EntityTestFunctions.SIGNAL, new EntityTestFunctions.Call("Counter", key, "add",
                    JSON.valueToTree(1), 20), "entity-many"));
        }
        await(Multi.createFrom().range(0, 50).onItem().transformToUniAndMerge(i -> client.signalEntity(
                EntityInstanceId.of("Counter", key), "add", 1)).collect().asList());
        ids.forEach(this::complete);

        Integer value = Eventually.until("all 250 additions", () -> await(client.getEntity(
                EntityInstanceId.of("Counter", key), true)), m -> m != null && m.readStateAs(Integer.class) == 250)
                .readStateAs(Integer.class);
        assertThat(value).isEqualTo(250);
        assertThat(new HashSet<>(ids)).hasSize(10);
    }

    @Test
    void damagedMessage_inAnEntitysInbox_isDroppedAndLaterOperationsStillRun() {
        EntityInstanceId id = ledger(key("damaged"));
        await(client.signalEntity(id, "append", "before"));
        eventuallyEntries(id, 1);
        await(pool.preparedQuery("""
                INSERT INTO reprise_entity_inbox (task_hub, entity_id, kind, payload, visible_at, created_at)
                VALUES ($1, $2, 'signal', '{}', now(), now())""").execute(Tuple.of(config.taskHub(), id.toString())));

        await(client.signalEntity(id, "append", "after"));

        assertThat(eventuallyEntries(id, 2)).containsExactly("before", "after");
        Eventually.until("the inbox of " + id + " to be empty", () -> entityRow(id).getLong("waiting"), n -> n == 0);
    }

    @Test
    void scheduledSignal_fromTheClient_runsOnlyOnceItsTimeHasCome() {
        EntityInstanceId id = ledger(key("scheduled"));
        java.time.Instant due = clock.instant().plusMillis(1500);
        await(client.signalEntity(id, "append", "scheduled first", due));
        await(client.signalEntity(id, "append", "sent second"));

        assertThat(eventuallyEntries(id, 2)).containsExactly("sent second", "scheduled first");
        assertThat(await(client.getEntity(id, false)).getLastModifiedTime()).isAfterOrEqualTo(due);
    }

    @Test
    void callEntity_withATimeout_whileTheEntityIsLocked_timesOutAndTheOperationStillRunsOnce() {
        String a = key("call-timeout");
        String holder = start(EntityTestFunctions.LOCK_AND_WAIT, new EntityTestFunctions.Locking(List.of(a)),
                "entity-timeout-holder");
        eventuallyEntries(ledger(a), 1);

        String caller = start(EntityTestFunctions.CALL_WITH_TIMEOUT, new EntityTestFunctions.Call(LEDGER, a,
                "append", JSON.valueToTree("late"), 0), "entity-timeout-caller");

        assertThat(complete(caller).readOutputAs(String.class)).isEqualTo("timed out");
        assertThat(entries(ledger(a))).containsExactly(holder);
        await(client.raiseEvent(holder, EntityTestFunctions.GO, null));
        assertThat(eventuallyEntries(ledger(a), 2)).containsExactly(holder, "late");
    }
}
