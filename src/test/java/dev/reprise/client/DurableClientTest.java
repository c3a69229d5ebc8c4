package dev.reprise.client;

import dev.reprise.api.DurableClient;
import dev.reprise.api.InstanceAlreadyExistsException;
import dev.reprise.api.InstanceFinishedException;
import dev.reprise.api.InvalidRequestException;
import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.api.OrchestrationMetadata;
import dev.reprise.api.OrchestrationNotFoundException;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.UnknownFunctionException;
import dev.reprise.engine.Eventually;
import dev.reprise.engine.StoreQueries;
import dev.reprise.engine.TestFunctions;
import dev.reprise.api.HistoryEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import static dev.reprise.api.OrchestrationRuntimeStatus.Completed;
import static dev.reprise.api.OrchestrationRuntimeStatus.Pending;
import static dev.reprise.api.OrchestrationRuntimeStatus.Running;
import static dev.reprise.api.OrchestrationRuntimeStatus.Suspended;
import static dev.reprise.api.OrchestrationRuntimeStatus.Terminated;
import static org.assertj.core.api.Assertions.assertThat;

/** The {@link DurableClient} API against the running engine: start, inspect, wait, and control instances. */
@QuarkusTest
class DurableClientTest {

    static final Duration AWAIT = Duration.ofSeconds(30);

    @Inject
    DurableClient client;

    @Inject
    StoreQueries store;

    /** The engine's clock: startAt is engine time, which tests may have moved ahead of wall-clock time. */
    @Inject
    Clock clock;

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(AWAIT);
    }

    /** The failure {@code uni} ends with, or an assertion error when it emits an item. */
    static Throwable failureOf(Uni<?> uni) {
        Object outcome = uni.map(item -> (Object) ("item: " + item)).onFailure().recoverWithItem(f -> f)
                .await().atMost(AWAIT.plusSeconds(5));
        assertThat(outcome).as("expected a failure").isInstanceOf(Throwable.class);
        return (Throwable) outcome;
    }

    String start(String name, Object input, String idPrefix) {
        String id = Eventually.uniqueId(idPrefix);
        assertThat(await(client.scheduleNewOrchestration(name, input, NewOrchestrationOptions.withInstanceId(id))))
                .isEqualTo(id);
        return id;
    }

    OrchestrationMetadata complete(String id) {
        return await(client.waitForInstanceCompletion(id, AWAIT));
    }

    OrchestrationRuntimeStatus statusOf(String id) {
        return await(client.getInstanceMetadata(id, false)).getRuntimeStatus();
    }

    @Test
    void scheduleNewOrchestration_explicitInstanceId_runsUnderThatId() {
        String id = start(TestFunctions.CHAIN, new String[]{"Ann", "Bo"}, "client-start");

        OrchestrationMetadata done = complete(id);

        assertThat(done.getInstanceId()).isEqualTo(id);
        assertThat(done.getName()).isEqualTo(TestFunctions.CHAIN);
        assertThat(done.getRuntimeStatus()).isEqualTo(Completed);
        assertThat(done.isCompleted()).isTrue();
        assertThat(done.readOutputAs(String[].class)).containsExactly("Hello Ann!", "Hello Bo!");
        assertThat(done.readInputAs(String[].class)).containsExactly("Ann", "Bo");
    }

    @Test
    void scheduleNewOrchestration_noInstanceId_generatesOne() {
        String id = await(client.scheduleNewOrchestration(TestFunctions.FAN_OUT, 3));

        assertThat(id).isNotBlank();
        assertThat(complete(id).readOutputAs(Integer.class)).isEqualTo(1 + 4 + 9);
    }

    @Test
    void scheduleNewOrchestration_startAtInFuture_staysPendingUntilThen() {
        String id = Eventually.uniqueId("client-startat");
        Instant startAt = clock.instant().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);

        await(client.scheduleNewOrchestration(TestFunctions.ECHO, "later", new NewOrchestrationOptions(id, startAt)));

        assertThat(statusOf(id)).isEqualTo(Pending);
        OrchestrationMetadata done = complete(id);
        assertThat(done.getRuntimeStatus()).isEqualTo(Completed);
        assertThat(done.readOutputAs(String.class)).isEqualTo("later");
        // The engine's own record of when the first step ran: not before the requested start.
        HistoryEvent first = await(client.getInstanceHistory(id)).get(0);
        assertThat(first).isInstanceOf(HistoryEvent.OrchestratorStarted.class);
        assertThat(first.timestamp()).isAfterOrEqualTo(startAt);
    }

    @Test
    void scheduleNewOrchestration_unknownName_failsWithUnknownFunction() {
        Throwable failure = failureOf(client.scheduleNewOrchestration("TestMissing", null));

        assertThat(failure).isInstanceOf(UnknownFunctionException.class).hasMessageContaining("TestMissing")
                .hasMessageContaining(TestFunctions.ECHO);
    }

    @Test
    void scheduleNewOrchestration_liveInstanceId_failsWithAlreadyExists() {
        String id = start(TestFunctions.WAIT_FOR_EVENT, null, "client-dup");

        Throwable failure = failureOf(client.scheduleNewOrchestration(TestFunctions.ECHO, 1,
                NewOrchestrationOptions.withInstanceId(id)));

        assertThat(failure).isInstanceOf(InstanceAlreadyExistsException.class).hasMessageContaining(id);
        await(client.terminate(id, "cleanup"));
    }

    @Test
    void scheduleNewOrchestration_invalidInstanceId_failsWithInvalidRequest() {
        Throwable failure = failureOf(client.scheduleNewOrchestration(TestFunctions.ECHO, 1,
                NewOrchestrationOptions.withInstanceId("has/slash")));

        assertThat(failure).isInstanceOf(InvalidRequestException.class).hasMessageContaining("'/'");
    }

    @Test
    void getInstanceMetadata_withAndWithoutPayloads_includesThemOnlyWhenAsked() {
        String id = start(TestFunctions.ECHO, Map.of("k", "v"), "client-meta");
        complete(id);

        OrchestrationMetadata full = await(client.getInstanceMetadata(id, true));
        OrchestrationMetadata bare = await(client.getInstanceMetadata(id, false));

        assertThat(full.getSerializedInput()).isEqualTo("{\"k\":\"v\"}");
        assertThat(full.getSerializedOutput()).isEqualTo("{\"k\":\"v\"}");
        assertThat(full.readOutputAs(Map.class)).isEqualTo(Map.of("k", "v"));
        assertThat(bare.getSerializedInput()).isNull();
        assertThat(bare.getSerializedOutput()).isNull();
        assertThat(bare.getSerializedCustomStatus()).isNull();
        assertThat(bare.getRuntimeStatus()).isEqualTo(Completed);
        assertThat(bare.getCreatedAt()).isEqualTo(full.getCreatedAt());
        assertThat(bare.getLastUpdatedAt()).isAfterOrEqualTo(bare.getCreatedAt());
    }

    @Test
    void getInstanceMetadata_unknownInstance_emitsNull() {
        assertThat(await(client.getInstanceMetadata(Eventually.uniqueId("client-none"), true))).isNull();
    }

    @Test
    void getInstanceHistory_completedChain_holdsEveryStepInOrder() {
        String id = start(TestFunctions.CHAIN, new String[]{"A", "B"}, "client-history");
        complete(id);

        List<HistoryEvent> history = await(client.getInstanceHistory(id));

        assertThat(history).extracting(HistoryEvent::eventType).containsExactly(
                "OrchestratorStarted", "ExecutionStarted", "TaskScheduled", "OrchestratorCompleted",
                "OrchestratorStarted", "TaskCompleted", "TaskScheduled", "OrchestratorCompleted",
                "OrchestratorStarted", "TaskCompleted", "ExecutionCompleted", "OrchestratorCompleted");
        HistoryEvent.ExecutionStarted started = (HistoryEvent.ExecutionStarted) history.get(1);
        assertThat(started.instanceId()).isEqualTo(id);
        assertThat(started.name()).isEqualTo(TestFunctions.CHAIN);
        assertThat(started.input()).isEqualTo("[\"A\",\"B\"]");
        HistoryEvent.ExecutionCompleted completed = (HistoryEvent.ExecutionCompleted) history.get(10);
        assertThat(completed.status()).isEqualTo(Completed);
        assertThat(completed.result()).isEqualTo("[\"Hello A!\",\"Hello B!\"]");
    }

    @Test
    void getInstanceHistory_unknownInstance_failsWithNotFound() {
        assertThat(failureOf(client.getInstanceHistory(Eventually.uniqueId("client-none"))))
                .isInstanceOf(OrchestrationNotFoundException.class);
    }

    @Test
    void waitForInstanceCompletion_instanceWaitingForEvent_failsWithTimeout() {
        String id = start(TestFunctions.WAIT_FOR_EVENT, null, "client-timeout");

        Throwable failure = failureOf(client.waitForInstanceCompletion(id, Duration.ofMillis(500)));

        assertThat(failure).isInstanceOf(TimeoutException.class).hasMessageContaining(id);
        assertThat(statusOf(id)).isIn(Pending, Running);
        await(client.terminate(id, "cleanup"));
    }

    @Test
    void waitForInstanceCompletion_unknownInstance_failsWithNotFound() {
        assertThat(failureOf(client.waitForInstanceCompletion(Eventually.uniqueId("client-none"), AWAIT)))
                .isInstanceOf(OrchestrationNotFoundException.class);
    }

    @Test
    void waitForInstanceStart_newInstance_emitsOnceRunning() {
        String id = start(TestFunctions.WAIT_FOR_EVENT, null, "client-waitstart");

        OrchestrationMetadata started = await(client.waitForInstanceStart(id, AWAIT));

        assertThat(started.getRuntimeStatus()).isEqualTo(Running);
        await(client.terminate(id, "cleanup"));
    }

    @Test
    void raiseEvent_waitingInstance_completesItWithTheData() {
        String id = start(TestFunctions.WAIT_FOR_EVENT, null, "client-raise");

        await(client.raiseEvent(id, TestFunctions.APPROVAL_EVENT, Map.of("ok", true)));

        assertThat(complete(id).readOutputAs(Map.class)).isEqualTo(Map.of("ok", true));
    }

    @Test
    void raiseEvent_finishedOrUnknownInstance_fails() {
        String id = start(TestFunctions.ECHO, 1, "client-raise-done");
        complete(id);

        assertThat(failureOf(client.raiseEvent(id, "Any", 1))).isInstanceOf(InstanceFinishedException.class)
                .hasMessageContaining("Completed");
        assertThat(failureOf(client.raiseEvent(Eventually.uniqueId("client-none"), "Any", 1)))
                .isInstanceOf(OrchestrationNotFoundException.class);
        assertThat(failureOf(client.raiseEvent(id, " ", 1))).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void terminate_waitingInstance_endsTerminatedWithReasonAsOutput() {
        String id = start(TestFunctions.WAIT_FOR_EVENT, null, "client-terminate");
        await(client.waitForInstanceStart(id, AWAIT));

        await(client.terminate(id, "operator said stop"));

        OrchestrationMetadata done = complete(id);
        assertThat(done.getRuntimeStatus()).isEqualTo(Terminated);
        assertThat(done.readOutputAs(String.class)).isEqualTo("operator said stop");
        assertThat(failureOf(client.terminate(id, "again"))).isInstanceOf(InstanceFinishedException.class);
    }

    @Test
    void suspendAndResume_waitingInstance_holdsTheEventUntilResumed() {
        String id = start(TestFunctions.WAIT_FOR_EVENT, null, "client-suspend");
        await(client.waitForInstanceStart(id, AWAIT));

        await(client.suspend(id, "pause"));
        Eventually.until(id + " to be Suspended", () -> statusOf(id), Suspended::equals);
        await(client.raiseEvent(id, TestFunctions.APPROVAL_EVENT, "held"));
        // Barrier: an instance started after the event went through the dispatcher completely.
        complete(start(TestFunctions.ECHO, 1, "client-suspend-barrier"));
        assertThat(statusOf(id)).isEqualTo(Suspended);
        assertThat(store.inboxEventTypes(id)).containsExactly("EventRaised");

        await(client.resume(id, "continue"));

        OrchestrationMetadata done = complete(id);
        assertThat(done.getRuntimeStatus()).isEqualTo(Completed);
        assertThat(done.readOutputAs(String.class)).isEqualTo("held");
        List<String> types = await(client.getInstanceHistory(id)).stream().map(HistoryEvent::eventType).toList();
        assertThat(types).containsSubsequence("ExecutionSuspended", "ExecutionResumed", "EventRaised",
                "ExecutionCompleted");
    }

    @Test
    void suspendAndResume_beforeScheduledStart_instanceStartsAndCompletesNormally() {
        String id = Eventually.uniqueId("client-resume-pending");
        Instant startAt = clock.instant().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
        await(client.scheduleNewOrchestration(TestFunctions.ECHO, "on time", new NewOrchestrationOptions(id,
                startAt)));

        await(client.suspend(id, "not yet"));
        await(client.resume(id, "fine"));

        assertThat(statusOf(id)).isEqualTo(Pending);
        OrchestrationMetadata done = complete(id);
        assertThat(done.getRuntimeStatus()).isEqualTo(Completed);
        assertThat(done.readOutputAs(String.class)).isEqualTo("on time");
        List<HistoryEvent> history = await(client.getInstanceHistory(id));
        assertThat(history.get(1)).as("the start is the first thing the instance records")
                .isInstanceOf(HistoryEvent.ExecutionStarted.class);
        assertThat(history).extracting(HistoryEvent::eventType)
                .containsSubsequence("ExecutionSuspended", "ExecutionResumed", "ExecutionCompleted");
        assertThat(history.get(0).timestamp()).isAfterOrEqualTo(startAt);
    }

    @Test
    void resume_pendingScheduledInstance_doesNotBlockItsTermination() {
        String id = Eventually.uniqueId("client-resume-pending-terminate");
        await(client.scheduleNewOrchestration(TestFunctions.ECHO, 1, new NewOrchestrationOptions(id,
                clock.instant().plus(Duration.ofHours(1)))));

        await(client.resume(id, "nothing to resume"));
        await(client.terminate(id, "cancelled"));

        OrchestrationMetadata done = complete(id);
        assertThat(done.getRuntimeStatus()).isEqualTo(Terminated);
        assertThat(done.readOutputAs(String.class)).isEqualTo("cancelled");
    }

    @Test
    void purgeInstance_finishedInstance_deletesItAndItsHistory() {
        String id = start(TestFunctions.CHAIN, new String[]{"X"}, "client-purge");
        complete(id);

        assertThat(await(client.purgeInstance(id))).isEqualTo(1);

        assertThat(await(client.getInstanceMetadata(id, false))).isNull();
        assertThat(store.rowCount("reprise_history", id)).isZero();
        assertThat(failureOf(client.purgeInstance(id))).isInstanceOf(OrchestrationNotFoundException.class);
    }

    @Test
    void purgeInstance_liveInstance_failsWithInvalidRequest() {
        String id = start(TestFunctions.WAIT_FOR_EVENT, null, "client-purge-live");

        assertThat(failureOf(client.purgeInstance(id))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(id);

        assertThat(await(client.getInstanceMetadata(id, false))).isNotNull();
        await(client.terminate(id, "cleanup"));
    }

    @Test
    void purgeInstances_createdWindowAndStatus_deletesMatchingFinishedInstances() {
        String first = start(TestFunctions.ECHO, 1, "client-purgemany");
        String failed = start(TestFunctions.FAIL, "x", "client-purgemany");
        String last = start(TestFunctions.ECHO, 2, "client-purgemany");
        Instant from = complete(first).getCreatedAt();
        complete(failed);
        Instant to = complete(last).getCreatedAt();

        assertThat(await(client.purgeInstances(from, to, List.of(OrchestrationRuntimeStatus.Failed)))).isEqualTo(1);
        assertThat(await(client.getInstanceMetadata(failed, false))).isNull();
        assertThat(await(client.getInstanceMetadata(first, false))).isNotNull();

        assertThat(await(client.purgeInstances(from, to, List.of()))).as("default: every finished status")
                .isEqualTo(2);
        assertThat(await(client.getInstanceMetadata(first, false))).isNull();
        assertThat(await(client.getInstanceMetadata(last, false))).isNull();
    }

    @Test
    void purgeInstances_liveStatusOrNoStart_failsWithInvalidRequest() {
        assertThat(failureOf(client.purgeInstances(Instant.EPOCH, null, List.of(Running))))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(failureOf(client.purgeInstances(null, null, List.of())))
                .isInstanceOf(InvalidRequestException.class);
    }
}
