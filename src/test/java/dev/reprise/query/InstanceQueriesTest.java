package dev.reprise.query;

import dev.reprise.api.DurableClient;
import dev.reprise.api.InvalidRequestException;
import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.engine.Eventually;
import dev.reprise.engine.TestFunctions;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.reprise.api.OrchestrationRuntimeStatus.Completed;
import static dev.reprise.api.OrchestrationRuntimeStatus.Failed;
import static dev.reprise.api.OrchestrationRuntimeStatus.Running;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query side on PostgreSQL: the orders and their continuation tokens, counts per status, the name filter,
 * payloads fetched or not, single instances and histories, and queries from threads that are not Vert.x's.
 */
@QuarkusTest
class InstanceQueriesTest {

    private static final Duration AWAIT = Duration.ofSeconds(30);

    @Inject
    InstanceQueries queries;
    @Inject
    HistoryQueries histories;
    @Inject
    DurableClient client;

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(AWAIT);
    }

    private List<String> startEchoes(String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + i;
            await(client.scheduleNewOrchestration(TestFunctions.ECHO, i, NewOrchestrationOptions.withInstanceId(id)));
            ids.add(id);
        }
        for (String id : ids) {
            await(client.waitForInstanceCompletion(id, AWAIT));
        }
        return ids;
    }

    private static InstanceFilter prefix(String prefix) {
        return new InstanceFilter(List.of(), null, null, null, prefix);
    }

    private List<String> allPages(InstanceFilter filter, InstanceOrder order, int pageSize) {
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            InstancePage page = await(queries.page(filter, order, token, pageSize, false));
            assertThat(page.instances()).hasSizeLessThanOrEqualTo(pageSize);
            page.instances().forEach(i -> seen.add(i.instanceId()));
            token = page.continuationToken();
            assertThat(++pages).as("pages").isLessThanOrEqualTo(10);
        } while (token != null);
        return seen;
    }

    @Test
    void page_everyOrder_pagesThroughEveryInstanceOnceInThatOrder() {
        String prefix = Eventually.uniqueId("query-orders") + "-";
        List<String> created = startEchoes(prefix, 5);
        List<String> newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);

        assertThat(allPages(prefix(prefix), InstanceOrder.CREATED_ASC, 2)).containsExactlyElementsOf(created);
        assertThat(allPages(prefix(prefix), InstanceOrder.CREATED_DESC, 2)).containsExactlyElementsOf(newestFirst);
        List<String> updatedAsc = allPages(prefix(prefix), InstanceOrder.UPDATED_ASC, 2);
        List<String> updatedDesc = allPages(prefix(prefix), InstanceOrder.UPDATED_DESC, 2);
        assertThat(updatedAsc).containsExactlyInAnyOrderElementsOf(created).doesNotHaveDuplicates();
        List<String> reversed = new ArrayList<>(updatedDesc);
        Collections.reverse(reversed);
        assertThat(reversed).as("the two update orders are each other's reverse").isEqualTo(updatedAsc);
    }

    @Test
    void page_tokenOfAnotherOrder_failsWithInvalidRequest() {
        String prefix = Eventually.uniqueId("query-token") + "-";
        startEchoes(prefix, 3);
        String createdToken = await(queries.page(prefix(prefix), InstanceOrder.CREATED_ASC, null, 1, false))
                .continuationToken();
        String updatedToken = await(queries.page(prefix(prefix), InstanceOrder.UPDATED_DESC, null, 1, false))
                .continuationToken();

        assertThat(failureOf(queries.page(prefix(prefix), InstanceOrder.UPDATED_DESC, createdToken, 1, false)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("continuation token");
        assertThat(failureOf(queries.page(prefix(prefix), InstanceOrder.CREATED_ASC, updatedToken, 1, false)))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(await(queries.page(prefix(prefix), InstanceOrder.UPDATED_DESC, updatedToken, 1, false))
                .instances()).hasSize(1);
    }

    @Test
    void countByStatus_countsEveryStatusOfTheFilterWhateverStatusesItNames() {
        String prefix = Eventually.uniqueId("query-counts") + "-";
        startEchoes(prefix, 2);
        await(client.scheduleNewOrchestration(TestFunctions.FAIL, "x",
                NewOrchestrationOptions.withInstanceId(prefix + "failed")));
        await(client.scheduleNewOrchestration(TestFunctions.WAIT_FOR_EVENT, null,
                NewOrchestrationOptions.withInstanceId(prefix + "waiting")));
        await(client.waitForInstanceCompletion(prefix + "failed", AWAIT));
        await(client.waitForInstanceStart(prefix + "waiting", AWAIT));

        Map<OrchestrationRuntimeStatus, Long> counts = await(queries.countByStatus(new InstanceFilter(
                List.of(Failed), null, null, null, prefix)));

        assertThat(counts).containsEntry(Completed, 2L).containsEntry(Failed, 1L).containsEntry(Running, 1L)
                .containsEntry(OrchestrationRuntimeStatus.Terminated, 0L)
                .hasSize(OrchestrationRuntimeStatus.values().length);
        await(client.terminate(prefix + "waiting", "cleanup"));
    }

    @Test
    void page_nameStatusAndTimeFilters_combine() {
        String prefix = Eventually.uniqueId("query-filters") + "-";
        startEchoes(prefix, 2);
        await(client.scheduleNewOrchestration(TestFunctions.FAIL, "x",
                NewOrchestrationOptions.withInstanceId(prefix + "failed")));
        await(client.waitForInstanceCompletion(prefix + "failed", AWAIT));
        Instant created = await(queries.instance(prefix + "0")).createdAt();

        assertThat(ids(new InstanceFilter(List.of(), TestFunctions.FAIL, null, null, prefix)))
                .containsExactly(prefix + "failed");
        assertThat(ids(new InstanceFilter(List.of(Completed), TestFunctions.ECHO, null, null, prefix)))
                .containsExactly(prefix + "0", prefix + "1");
        assertThat(ids(new InstanceFilter(List.of(Failed), TestFunctions.ECHO, null, null, prefix))).isEmpty();
        assertThat(ids(new InstanceFilter(List.of(), null, created, created, prefix))).as("bounds are inclusive")
                .containsExactly(prefix + "0");
        assertThat(ids(new InstanceFilter(List.of(), null, null, null, prefix.replace('-', '_')))).as("'_' is literal")
                .isEmpty();
    }

    private List<String> ids(InstanceFilter filter) {
        return await(queries.page(filter, InstanceOrder.CREATED_ASC, null, 100, false)).instances().stream()
                .map(InstanceSnapshot::instanceId).toList();
    }

    @Test
    void page_payloadsOnlyWhenAskedFor_failureAlways() {
        String prefix = Eventually.uniqueId("query-payloads") + "-";
        startEchoes(prefix, 1);
        await(client.scheduleNewOrchestration(TestFunctions.FAIL, "\"why\"",
                NewOrchestrationOptions.withInstanceId(prefix + "failed")));
        await(client.waitForInstanceCompletion(prefix + "failed", AWAIT));

        List<InstanceSnapshot> with = await(queries.page(prefix(prefix), InstanceOrder.CREATED_ASC, null, 10, true))
                .instances();
        List<InstanceSnapshot> without = await(queries.page(prefix(prefix), InstanceOrder.CREATED_ASC, null, 10,
                false)).instances();

        assertThat(with.get(0).input()).isEqualTo("0");
        assertThat(with.get(0).output()).isEqualTo("0");
        assertThat(without.get(0).input()).isNull();
        assertThat(without.get(0).output()).isNull();
        assertThat(without.get(0).executionId()).isEqualTo(with.get(0).executionId()).isNotNull();
        assertThat(without.get(1).failure()).isNotNull().isEqualTo(with.get(1).failure());
    }

    @Test
    void instanceAndHistory_matchWhatTheClientReads() {
        String id = startEchoes(Eventually.uniqueId("query-one") + "-", 1).get(0);

        InstanceSnapshot snapshot = await(queries.instance(id));

        assertThat(snapshot.name()).isEqualTo(TestFunctions.ECHO);
        assertThat(snapshot.runtimeStatus()).isEqualTo(Completed);
        assertThat(snapshot.completedAt()).isNotNull();
        assertThat(snapshot.historySize()).isPositive();
        assertThat(await(histories.history(id))).isEqualTo(await(client.getInstanceHistory(id)))
                .hasSize(snapshot.historySize());
        assertThat(await(queries.instance("no-such-" + id))).isNull();
        assertThat(await(queries.instance("nul\u0000"))).isNull();
        assertThat(await(histories.history("no-such-" + id))).isEmpty();
    }

    @Test
    void page_fromAWorkerThread_runsOnAVertxContextOfItsOwn() throws Exception {
        String prefix = Eventually.uniqueId("query-thread") + "-";
        startEchoes(prefix, 1);

        InstancePage page = CompletableFuture.supplyAsync(() -> await(queries.page(prefix(prefix),
                InstanceOrder.CREATED_ASC, null, 10, false))).get();

        assertThat(page.instances()).extracting(InstanceSnapshot::instanceId).containsExactly(prefix + "0");
    }

    @Test
    void likePrefix_escapesEveryWildcard() {
        assertThat(InstanceQueries.likePrefix("a%b_c!d")).isEqualTo("a!%b!_c!!d%");
    }

    private static Throwable failureOf(Uni<?> uni) {
        Object outcome = uni.map(item -> (Object) ("item: " + item)).onFailure().recoverWithItem(f -> f)
                .await().atMost(AWAIT);
        assertThat(outcome).as("expected a failure").isInstanceOf(Throwable.class);
        return (Throwable) outcome;
    }
}
