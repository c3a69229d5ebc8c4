package dev.reprise.engine;

import dev.reprise.api.DurableClient;
import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.api.OrchestrationMetadata;
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

import static dev.reprise.api.OrchestrationRuntimeStatus.Completed;
import static dev.reprise.api.OrchestrationRuntimeStatus.Pending;
import static dev.reprise.api.OrchestrationRuntimeStatus.Running;
import static dev.reprise.api.OrchestrationRuntimeStatus.Suspended;
import static dev.reprise.api.OrchestrationRuntimeStatus.Terminated;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outcomes that arrive at awkward moments: while suspended, after termination, after a wait timed out, or in the same
 * batch as a continueAsNew.
 */
@QuarkusTest
class EngineEventsAndLifecycleTest extends ClientSteps {

    @Inject
    StoreQueries store;

    /** The engine's clock: startAt is engine time, which tests may have moved ahead of wall-clock time. */
    @Inject
    Clock clock;

    /** Drives one instance through the dispatcher, so work queued before it has been looked at. */
    private void barrier() {
        complete(start(TestFunctions.ECHO, 1, "engine-barrier"));
    }

    @Test
    void suspend_activityCompletesWhileSuspended_resultWaitsForResume() {
        String id = start(TestFunctions.GATED, null, "engine-suspend-activity");
        Eventually.until("the gate activity to run", () -> TestFunctions.gateEntered(id), entered -> entered);
        await(client.suspend(id, "hold"));
        Eventually.until(id + " to be Suspended", () -> await(client.getInstanceMetadata(id, false))
                .getRuntimeStatus(), Suspended::equals);

        TestFunctions.openGate(id);

        Eventually.until("the activity result to reach the inbox", () -> store.inboxEventTypes(id),
                types -> types.contains("TaskCompleted"));
        barrier();
        assertThat(await(client.getInstanceMetadata(id, false)).getRuntimeStatus()).isEqualTo(Suspended);
        assertThat(store.inboxEventTypes(id)).containsExactly("TaskCompleted");

        await(client.resume(id, "go"));

        OrchestrationMetadata done = complete(id);
        assertThat(done.getRuntimeStatus()).isEqualTo(Completed);
        assertThat(done.readOutputAs(String.class)).isEqualTo("gate opened");
        assertThat(historyTypes(id)).containsSubsequence("TaskScheduled", "ExecutionSuspended", "ExecutionResumed",
                "TaskCompleted", "ExecutionCompleted");
    }

    @Test
    void terminate_activityInFlight_lateResultIsDiscardedAndNothingIsLeftBehind() {
        String id = start(TestFunctions.GATED, null, "engine-terminate-activity");
        Eventually.until("the gate activity to run", () -> TestFunctions.gateEntered(id), entered -> entered);

        await(client.terminate(id, "stop"));
        assertThat(complete(id).getRuntimeStatus()).isEqualTo(Terminated);
        TestFunctions.openGate(id);

        Eventually.until("the late result to be recorded and discarded",
                () -> store.rowCount("reprise_work_items", id) + store.rowCount("reprise_inbox", id), n -> n == 0);
        OrchestrationMetadata after = await(client.getInstanceMetadata(id, true));
        assertThat(after.getRuntimeStatus()).isEqualTo(Terminated);
        assertThat(after.readOutputAs(String.class)).isEqualTo("stop");
        assertThat(historyTypes(id)).doesNotContain("TaskCompleted");
    }

    @Test
    void waitForExternalEvent_timeoutElapses_taskIsCanceledByDurableTimer() {
        String id = start(TestFunctions.WAIT_WITH_TIMEOUT, 200, "engine-wait-timeout");

        OrchestrationMetadata done = complete(id);

        assertThat(done.readOutputAs(String.class)).isEqualTo("timed out");
        assertThat(historyTypes(id)).containsSubsequence("TimerCreated", "TimerFired", "ExecutionCompleted")
                .doesNotContain("EventRaised");
    }

    @Test
    void waitForExternalEvent_eventBeforeTimeout_deliversItAndIgnoresTheLaterTimer() {
        String id = start(TestFunctions.WAIT_WITH_TIMEOUT, Duration.ofHours(1).toMillis(), "engine-wait-event");

        await(client.raiseEvent(id, TestFunctions.APPROVAL_EVENT, "in time"));

        assertThat(complete(id).readOutputAs(String.class)).isEqualTo("approved: in time");
        assertThat(historyTypes(id)).contains("TimerCreated", "EventRaised").doesNotContain("TimerFired");
    }

    /** Starts {@link TestFunctions#CARRY_OVER} a moment ahead and raises two events before it runs. */
    private String carryOverWithTwoQueuedEvents(String mode) {
        String id = Eventually.uniqueId("engine-carry-" + mode);
        Instant startAt = clock.instant().plusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
        await(client.scheduleNewOrchestration(TestFunctions.CARRY_OVER, mode, new NewOrchestrationOptions(id,
                startAt)));
        await(client.raiseEvent(id, TestFunctions.ITEM_EVENT, "first"));
        await(client.raiseEvent(id, TestFunctions.ITEM_EVENT, "second"));
        // Both events are queued before the start is due, so the first step sees the start and both events at once.
        assertThat(await(client.getInstanceMetadata(id, false)).getRuntimeStatus()).isEqualTo(Pending);
        return id;
    }

    @Test
    void continueAsNew_preserveUnprocessedEvents_carriesTheUnconsumedEventOver() {
        String id = carryOverWithTwoQueuedEvents("preserve");

        OrchestrationMetadata done = complete(id);

        assertThat(done.getRuntimeStatus()).isEqualTo(Completed);
        assertThat(done.readOutputAs(String.class)).isEqualTo("second");
    }

    @Test
    void continueAsNew_withoutPreserve_dropsTheUnconsumedEvent() {
        String id = carryOverWithTwoQueuedEvents("drop");

        Eventually.until(id + " to run its second execution", () -> await(client.getInstanceMetadata(id, true)),
                m -> "\"next\"".equals(m.getSerializedInput()) && m.getRuntimeStatus() == Running);

        assertThat(historyTypes(id)).doesNotContain("EventRaised");
        assertThat(store.inboxEventTypes(id)).doesNotContain("EventRaised");
        await(client.raiseEvent(id, TestFunctions.ITEM_EVENT, "third"));
        assertThat(complete(id).readOutputAs(String.class)).isEqualTo("third");
    }
}
