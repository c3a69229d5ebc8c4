package dev.reprise.engine;

import dev.reprise.api.HistoryEvent;
import dev.reprise.api.InstanceFinishedException;
import dev.reprise.api.InstanceNotFailedException;
import dev.reprise.api.OrchestrationMetadata;
import dev.reprise.api.OrchestrationNotFoundException;
import dev.reprise.api.OrchestrationRuntimeStatus;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.reprise.api.OrchestrationRuntimeStatus.Completed;
import static dev.reprise.api.OrchestrationRuntimeStatus.Failed;
import static dev.reprise.api.OrchestrationRuntimeStatus.Running;
import static dev.reprise.api.OrchestrationRuntimeStatus.Terminated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rewind, restart, recursive terminate and purge, and cancellation of work that no longer matters, on PostgreSQL. */
@QuarkusTest
class InstanceLifecycleTest extends ClientSteps {

    private static final List<String> INSTANCE_TABLES = List.of("reprise_instances", "reprise_history",
            "reprise_inbox", "reprise_work_items");

    @Inject
    StoreQueries store;

    // ---- rewind ----

    @Test
    void rewindInstance_failedActivityNowSucceeds_completesAndRunsEachSucceededActivityOnce() {
        String key = Eventually.uniqueId("lc-rewind");
        LifecycleFunctions.BROKEN.add(key);
        String id = start(LifecycleFunctions.REWIND_CHAIN, key, "lc-rewind");
        assertThat(complete(id).getRuntimeStatus()).isEqualTo(Failed);
        LifecycleFunctions.BROKEN.remove(key);

        await(client.rewindInstance(id, "fixed B"));

        OrchestrationMetadata done = complete(id);
        assertThat(done.getRuntimeStatus()).isEqualTo(Completed);
        assertThat(done.readOutputAs(String.class)).isEqualTo(key + ":a|b|" + key + ":c");
        assertThat(LifecycleFunctions.runs(key + ":a")).as("a succeeded before: run once in total").isEqualTo(1);
        assertThat(LifecycleFunctions.runs(key + ":b")).as("b failed once, then ran again").isEqualTo(2);
        assertThat(LifecycleFunctions.runs(key + ":c")).isEqualTo(1);
        assertThat(history(id)).filteredOn(e -> e instanceof HistoryEvent.ExecutionRewound)
                .extracting(e -> ((HistoryEvent.ExecutionRewound) e).reason()).containsExactly("fixed B");
        assertThat(historyTypes(id)).filteredOn("ExecutionCompleted"::equals).hasSize(1);
    }

    @Test
    void rewindInstance_parentFailedByFailedChild_rewindsTheChildToo() {
        String key = Eventually.uniqueId("lc-nested");
        LifecycleFunctions.BROKEN.add(key);
        String id = start(LifecycleFunctions.REWIND_PARENT, key, "lc-nested");
        assertThat(complete(id).getRuntimeStatus()).isEqualTo(Failed);
        String child = id + ":1";
        assertThat(await(client.getInstanceMetadata(child, false)).getRuntimeStatus()).isEqualTo(Failed);
        LifecycleFunctions.BROKEN.remove(key);

        await(client.rewindInstance(id, null));

        OrchestrationMetadata done = complete(id);
        assertThat(done.getRuntimeStatus()).isEqualTo(Completed);
        assertThat(done.readOutputAs(String.class)).isEqualTo(key + ":p&" + key + ":a|b|" + key + ":c");
        assertThat(await(client.getInstanceMetadata(child, false)).getRuntimeStatus()).isEqualTo(Completed);
        assertThat(LifecycleFunctions.runs(key + ":p")).isEqualTo(1);
        assertThat(LifecycleFunctions.runs(key + ":a")).isEqualTo(1);
        assertThat(LifecycleFunctions.runs(key + ":b")).isEqualTo(2);
    }

    @Test
    void rewindInstance_instanceThatFailsAgain_canBeRewoundAgainAndStaysValid() {
        String key = Eventually.uniqueId("lc-again");
        LifecycleFunctions.BROKEN.add(key);
        String id = start(LifecycleFunctions.REWIND_CHAIN, key, "lc-again");
        assertThat(complete(id).getRuntimeStatus()).isEqualTo(Failed);
        int failedHistory = history(id).size();

        await(client.rewindInstance(id, "try 1"));
        Eventually.until(id + " to fail again", () -> await(client.getInstanceMetadata(id, false))
                .getRuntimeStatus(), Failed::equals);
        assertThat(history(id).size()).isLessThanOrEqualTo(failedHistory + 3);
        LifecycleFunctions.BROKEN.remove(key);
        await(client.rewindInstance(id, "try 2"));

        assertThat(complete(id).getRuntimeStatus()).isEqualTo(Completed);
        assertThat(LifecycleFunctions.runs(key + ":a")).isEqualTo(1);
        assertThat(LifecycleFunctions.runs(key + ":b")).isEqualTo(3);
    }

    @Test
    void rewindInstance_failedInItsFirstStep_runsFromTheStartAgain() {
        String key = Eventually.uniqueId("lc-first");
        LifecycleFunctions.BROKEN.add(key);
        String id = start(LifecycleFunctions.FAILS_AT_ONCE, key, "lc-first");
        assertThat(complete(id).getRuntimeStatus()).isEqualTo(Failed);
        LifecycleFunctions.BROKEN.remove(key);

        await(client.rewindInstance(id, "code fixed"));

        OrchestrationMetadata done = complete(id);
        assertThat(done.getRuntimeStatus()).isEqualTo(Completed);
        assertThat(done.readOutputAs(String.class)).isEqualTo(key + ":a");
        assertThat(historyTypes(id)).startsWith("OrchestratorStarted", "ExecutionStarted", "ExecutionRewound");
    }

    @Test
    void rewindInstance_notFailed_isRefusedAndChangesNothing() {
        String done = start(LifecycleFunctions.REWIND_CHAIN, Eventually.uniqueId("lc-ok"), "lc-done");
        assertThat(complete(done).getRuntimeStatus()).isEqualTo(Completed);
        String waiting = start(LifecycleFunctions.WAITER, null, "lc-live");
        Eventually.until(waiting + " to run", () -> await(client.getInstanceMetadata(waiting, false))
                .getRuntimeStatus(), Running::equals);

        assertThatThrownBy(() -> await(client.rewindInstance(done, null)))
                .isInstanceOf(InstanceFinishedException.class).hasMessageContaining("Completed");
        assertThatThrownBy(() -> await(client.rewindInstance(waiting, null)))
                .isInstanceOf(InstanceNotFailedException.class).hasMessageContaining("only a Failed instance");
        assertThatThrownBy(() -> await(client.rewindInstance(Eventually.uniqueId("lc-nobody"), null)))
                .isInstanceOf(OrchestrationNotFoundException.class);
        assertThat(await(client.getInstanceMetadata(done, false)).getRuntimeStatus()).isEqualTo(Completed);
        await(client.terminate(waiting, "cleanup"));
    }

    // ---- restart ----

    @Test
    void restartInstance_newOrSameId_runsTheSameOrchestratorWithTheSameInput() {
        String key = Eventually.uniqueId("lc-restart");
        String id = start(LifecycleFunctions.REWIND_CHAIN, key, "lc-restart");
        complete(id);

        String fresh = await(client.restartInstance(id, true));
        String same = await(client.restartInstance(id, false));

        assertThat(fresh).isNotEqualTo(id);
        assertThat(same).isEqualTo(id);
        assertThat(complete(fresh).readOutputAs(String.class)).isEqualTo(key + ":a|b|" + key + ":c");
        assertThat(complete(same).readOutputAs(String.class)).isEqualTo(key + ":a|b|" + key + ":c");
        assertThatThrownBy(() -> await(client.restartInstance(Eventually.uniqueId("lc-nobody"), true)))
                .isInstanceOf(OrchestrationNotFoundException.class);
    }

    // ---- recursive terminate and purge ----

    @Test
    void terminate_parentWithThreeRunningChildren_leavesNoRunningDescendant() {
        String id = start(LifecycleFunctions.TREE, null, "lc-tree");
        List<String> descendants = List.of(id + ":0", id + ":1", id + ":2", id + ":2:0");
        Eventually.until("every descendant to run", () -> statuses(descendants),
                s -> s.stream().allMatch(Running::equals));

        await(client.terminate(id, "enough"));

        assertThat(complete(id).getRuntimeStatus()).isEqualTo(Terminated);
        Eventually.until("every descendant to be terminated", () -> statuses(descendants),
                s -> s.stream().allMatch(Terminated::equals));
        OrchestrationMetadata grandchild = await(client.getInstanceMetadata(id + ":2:0", true));
        assertThat(grandchild.readOutputAs(String.class)).isEqualTo("enough");

        assertThat(await(client.purgeInstance(id))).isEqualTo(5);
        for (String instance : concat(id, descendants)) {
            for (String table : INSTANCE_TABLES) {
                assertThat(store.rowCount(table, instance)).as(table + " rows of " + instance).isZero();
            }
        }
    }

    @Test
    void terminate_notRecursive_leavesTheChildrenRunning() {
        String id = start(LifecycleFunctions.TREE, null, "lc-flat");
        List<String> children = List.of(id + ":0", id + ":1", id + ":2");
        Eventually.until("the children to run", () -> statuses(children), s -> s.stream().allMatch(Running::equals));

        await(client.terminate(id, "only the parent", false));

        assertThat(complete(id).getRuntimeStatus()).isEqualTo(Terminated);
        assertThat(await(client.purgeInstance(id))).as("running children are not purged").isEqualTo(1);
        assertThat(statuses(children)).containsOnly(Running);
        for (String child : children) {
            await(client.terminate(child, "cleanup"));
        }
    }

    // ---- cancellation ----

    @Test
    void finishedInstance_completedFailedOrContinuedWithTimerPending_leavesNoInboxOrWorkItemRow() {
        for (String how : List.of("complete", "fail", "continue")) {
            String id = start(LifecycleFunctions.TIMER_THEN_END, how, "lc-end-" + how);
            OrchestrationMetadata done = complete(id);
            assertThat(done.getRuntimeStatus()).as(how).isEqualTo("fail".equals(how) ? Failed : Completed);
            assertThat(store.rowCount("reprise_inbox", id)).as("inbox rows after " + how).isZero();
            assertThat(store.rowCount("reprise_work_items", id)).as("work items after " + how).isZero();
        }
    }

    @Test
    void terminate_runningBlockingActivity_seesCancellationRequested() {
        String id = start(LifecycleFunctions.CANCELLABLE_RUN, null, "lc-cancel");
        Eventually.until("the activity to start", () -> LifecycleFunctions.CANCELLABLE_STARTED.contains(id),
                started -> started);

        await(client.terminate(id, "stop"));

        assertThat(complete(id).getRuntimeStatus()).isEqualTo(Terminated);
        Eventually.until("the activity to see the cancellation", () -> LifecycleFunctions.CANCELLATION_SEEN
                .contains(id), seen -> seen);
        Eventually.until("no row left", () -> store.rowCount("reprise_inbox", id)
                + store.rowCount("reprise_work_items", id), n -> n == 0);
        assertThat(await(client.getInstanceMetadata(id, true)).readOutputAs(String.class)).isEqualTo("stop");
    }

    @Test
    void terminate_runningReactiveActivity_hasItsUniCancelled() {
        String id = start(LifecycleFunctions.ASYNC_CANCELLABLE_RUN, null, "lc-cancel-async");
        Eventually.until("the activity to start", () -> LifecycleFunctions.ASYNC_STARTED.contains(id),
                started -> started);

        await(client.terminate(id, "stop"));

        assertThat(complete(id).getRuntimeStatus()).isEqualTo(Terminated);
        Eventually.until("the activity's Uni to be cancelled", () -> LifecycleFunctions.ASYNC_CANCELLED.contains(id),
                cancelled -> cancelled);
    }

    /** Another replica's ending step removed the work item: this process learns it at its next lease renewal. */
    @Test
    void workItemRemovedElsewhere_runningActivitySeesCancellationAtItsNextLeaseRenewal() {
        String id = start(LifecycleFunctions.CANCELLABLE_RUN, null, "lc-cancel-renewal");
        Eventually.until("the activity to start", () -> LifecycleFunctions.CANCELLABLE_STARTED.contains(id),
                started -> started);

        store.deleteWorkItems(id);

        Eventually.until("the activity to see the cancellation", () -> LifecycleFunctions.CANCELLATION_SEEN
                .contains(id), seen -> seen);
        await(client.terminate(id, "cleanup"));
    }

    private List<OrchestrationRuntimeStatus> statuses(List<String> ids) {
        List<OrchestrationRuntimeStatus> out = new ArrayList<>();
        for (String id : ids) {
            OrchestrationMetadata m = await(client.getInstanceMetadata(id, false));
            out.add(m == null ? null : m.getRuntimeStatus());
        }
        return out;
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
