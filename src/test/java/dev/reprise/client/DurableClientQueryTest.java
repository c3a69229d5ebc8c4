package dev.reprise.client;

import dev.reprise.api.DurableClient;
import dev.reprise.api.InstanceQuery;
import dev.reprise.api.InstanceQueryResult;
import dev.reprise.api.InvalidRequestException;
import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.api.OrchestrationMetadata;
import dev.reprise.engine.Eventually;
import dev.reprise.engine.TestFunctions;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.reprise.api.OrchestrationRuntimeStatus.Completed;
import static dev.reprise.api.OrchestrationRuntimeStatus.Running;
import static dev.reprise.client.DurableClientTest.await;
import static dev.reprise.client.DurableClientTest.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link DurableClient#queryInstances}: filters and continuation tokens. */
@QuarkusTest
class DurableClientQueryTest {

    @Inject
    DurableClient client;

    private List<String> startEchoes(String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + i;
            await(client.scheduleNewOrchestration(TestFunctions.ECHO, i, NewOrchestrationOptions.withInstanceId(id)));
            ids.add(id);
        }
        return ids;
    }

    private static InstanceQuery byPrefix(String prefix, int pageSize, String token, boolean payloads) {
        return new InstanceQuery(List.of(), null, null, prefix, pageSize, token, payloads);
    }

    @Test
    void queryInstances_continuationToken_pagesThroughEveryInstanceOnce() {
        String prefix = Eventually.uniqueId("client-query") + "-";
        List<String> created = startEchoes(prefix, 5);

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String token = null;
        do {
            InstanceQueryResult page = await(client.queryInstances(byPrefix(prefix, 2, token, false)));
            page.instances().forEach(m -> seen.add(m.getInstanceId()));
            sizes.add(page.instances().size());
            token = page.continuationToken();
            assertThat(sizes).as("pages for 5 instances of 2").hasSizeLessThanOrEqualTo(3);
        } while (token != null);

        assertThat(seen).containsExactlyInAnyOrderElementsOf(created).doesNotHaveDuplicates();
        assertThat(sizes).containsExactly(2, 2, 1);
    }

    @Test
    void queryInstances_pageSizeEqualToCount_hasNoContinuationToken() {
        String prefix = Eventually.uniqueId("client-query-exact") + "-";
        startEchoes(prefix, 3);

        InstanceQueryResult page = await(client.queryInstances(byPrefix(prefix, 3, null, false)));

        assertThat(page.instances()).hasSize(3);
        assertThat(page.continuationToken()).isNull();
    }

    @Test
    void queryInstances_orderedByCreationTime() {
        String prefix = Eventually.uniqueId("client-query-order") + "-";
        List<String> created = startEchoes(prefix, 4);

        List<OrchestrationMetadata> all = await(client.queryInstances(byPrefix(prefix, 10, null, false))).instances();

        assertThat(all).extracting(OrchestrationMetadata::getInstanceId).containsExactlyElementsOf(created);
    }

    @Test
    void queryInstances_fetchInputsAndOutputs_controlsPayloads() {
        String prefix = Eventually.uniqueId("client-query-payload") + "-";
        String id = startEchoes(prefix, 1).get(0);
        await(client.waitForInstanceCompletion(id, Duration.ofSeconds(30)));

        OrchestrationMetadata with = await(client.queryInstances(byPrefix(prefix, 10, null, true))).instances().get(0);
        OrchestrationMetadata without = await(client.queryInstances(byPrefix(prefix, 10, null, false))).instances()
                .get(0);

        assertThat(with.getSerializedInput()).isEqualTo("0");
        assertThat(with.getSerializedOutput()).isEqualTo("0");
        assertThat(without.getSerializedInput()).isNull();
        assertThat(without.getSerializedOutput()).isNull();
    }

    @Test
    void queryInstances_statusFilter_selectsByStatus() {
        String prefix = Eventually.uniqueId("client-query-status") + "-";
        String done = startEchoes(prefix, 1).get(0);
        String waiting = prefix + "waiting";
        await(client.scheduleNewOrchestration(TestFunctions.WAIT_FOR_EVENT, null,
                NewOrchestrationOptions.withInstanceId(waiting)));
        await(client.waitForInstanceCompletion(done, Duration.ofSeconds(30)));
        await(client.waitForInstanceStart(waiting, Duration.ofSeconds(30)));

        InstanceQueryResult running = await(client.queryInstances(new InstanceQuery(List.of(Running), null, null,
                prefix, 10, null, false)));
        InstanceQueryResult completed = await(client.queryInstances(new InstanceQuery(List.of(Completed), null, null,
                prefix, 10, null, false)));

        assertThat(running.instances()).extracting(OrchestrationMetadata::getInstanceId).containsExactly(waiting);
        assertThat(completed.instances()).extracting(OrchestrationMetadata::getInstanceId).containsExactly(done);
        await(client.terminate(waiting, "cleanup"));
    }

    @Test
    void queryInstances_foreignToken_failsWithInvalidRequest() {
        assertThat(failureOf(client.queryInstances(byPrefix("x", 10, "bm90IGEgdG9rZW4", false))))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void instanceQuery_pageSizeOutOfRange_isRejected() {
        assertThatThrownBy(() -> byPrefix("x", 0, null, false)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> byPrefix("x", InstanceQuery.MAX_PAGE_SIZE + 1, null, false))
                .isInstanceOf(InvalidRequestException.class);
    }
}
