package dev.reprise.engine;

import dev.reprise.api.DurableClient;
import dev.reprise.api.FailureDetails;
import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.api.NonRetriableException;
import dev.reprise.api.OrchestrationMetadata;
import dev.reprise.api.HistoryEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.reprise.api.OrchestrationRuntimeStatus.Completed;
import static dev.reprise.api.OrchestrationRuntimeStatus.Failed;
import static dev.reprise.api.OrchestrationRuntimeStatus.Running;
import static org.assertj.core.api.Assertions.assertThat;

/** The engine end to end: each orchestration pattern runs through the store and dispatchers to its outcome. */
@QuarkusTest
class EngineBehaviourTest extends ClientSteps {

    @Inject
    StoreQueries store;

    /** A child exists once its parent's first step committed; then it starts like any instance. */
    private void awaitChildStarted(String childId) {
        Eventually.until("child " + childId + " to be created", () -> await(client.getInstanceMetadata(childId, false)),
                m -> m != null);
        await(client.waitForInstanceStart(childId, AWAIT));
    }

    private static <E extends HistoryEvent> List<E> ofType(List<HistoryEvent> history, Class<E> type) {
        return history.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void retryPolicy_activityFailsTwiceThenSucceeds_completesAfterThreeAttempts() {
        String id = start(TestFunctions.RETRY, 2, "engine-retry");

        OrchestrationMetadata done = complete(id);

        assertThat(done.getRuntimeStatus()).isEqualTo(Completed);
        assertThat(done.readOutputAs(String.class)).isEqualTo("succeeded on attempt 3");
        assertThat(TestFunctions.FLAKY_ATTEMPTS.get(id)).hasValue(3);
        List<HistoryEvent> history = history(id);
        assertThat(history.stream().filter(e -> !(e instanceof HistoryEvent.OrchestratorStarted
                        || e instanceof HistoryEvent.OrchestratorCompleted || e instanceof HistoryEvent.ExecutionStarted
                        || e instanceof HistoryEvent.ExecutionCompleted)).map(HistoryEvent::eventType))
                .as("each failed attempt is followed by a durable timer, then the next attempt")
                .containsExactly("TaskScheduled", "TaskFailed", "TimerCreated", "TimerFired",
                        "TaskScheduled", "TaskFailed", "TimerCreated", "TimerFired",
                        "TaskScheduled", "TaskCompleted");
        List<HistoryEvent.TaskScheduled> attempts = ofType(history, HistoryEvent.TaskScheduled.class);
        assertThat(attempts).hasSize(3).allSatisfy(t -> {
            assertThat(t.name()).isEqualTo(TestFunctions.FLAKY);
            assertThat(t.input()).isEqualTo("2");
        });
        assertThat(attempts).extracting(HistoryEvent.TaskScheduled::taskId).doesNotHaveDuplicates();
        assertThat(ofType(history, HistoryEvent.TaskFailed.class)).allSatisfy(f -> {
            assertThat(f.failure().errorType()).isEqualTo(IllegalStateException.class.getName());
            assertThat(f.failure().nonRetriable()).isFalse();
        });
        // Each wait lasts the policy's interval of orchestration time.
        for (HistoryEvent.TimerCreated timer : ofType(history, HistoryEvent.TimerCreated.class)) {
            assertThat(Duration.between(timer.timestamp(), timer.fireAt()))
                    .isEqualTo(TestFunctions.FLAKY_RETRY.firstRetryInterval());
        }
    }

    @Test
    void retryPolicy_activityFailsMoreThanAttempts_failsInstanceWithLastFailure() {
        String id = start(TestFunctions.RETRY, 5, "engine-retry-exhausted");

        OrchestrationMetadata done = complete(id);

        assertThat(done.getRuntimeStatus()).isEqualTo(Failed);
        assertThat(TestFunctions.FLAKY_ATTEMPTS.get(id)).hasValue(3);
        FailureDetails failure = done.getFailureDetails();
        assertThat(failure.errorType()).isEqualTo("dev.reprise.api.TaskFailedException");
        assertThat(failure.errorMessage()).contains(TestFunctions.FLAKY);
        assertThat(failure.innerFailure()).isNotNull();
        assertThat(failure.innerFailure().errorMessage()).isEqualTo("TestFlaky attempt 3 fails on purpose");
        assertThat(ofType(history(id), HistoryEvent.TaskScheduled.class)).hasSize(3);
    }

    @Test
    void subOrchestration_childCompletes_outputFlowsToParent() {
        String id = start(TestFunctions.SUB_PARENT, "Quito", "engine-sub");

        OrchestrationMetadata done = complete(id);

        assertThat(done.getRuntimeStatus()).isEqualTo(Completed);
        assertThat(done.readOutputAs(String.class)).isEqualTo("parent got: child(Hello Quito!)");
        HistoryEvent.SubOrchestrationInstanceCreated created = ofType(history(id),
                HistoryEvent.SubOrchestrationInstanceCreated.class).get(0);
        assertThat(created.name()).isEqualTo(TestFunctions.SUB_CHILD);
        OrchestrationMetadata child = await(client.getInstanceMetadata(created.instanceId(), true));
        assertThat(child.getRuntimeStatus()).isEqualTo(Completed);
        assertThat(child.readOutputAs(String.class)).isEqualTo("child(Hello Quito!)");
        HistoryEvent.ExecutionStarted childStart = ofType(history(created.instanceId()),
                HistoryEvent.ExecutionStarted.class).get(0);
        assertThat(childStart.parentInstanceId()).isEqualTo(id);
        assertThat(childStart.parentTaskId()).isEqualTo(created.taskId());
        assertThat(ofType(history(id), HistoryEvent.SubOrchestrationInstanceCompleted.class)).singleElement()
                .satisfies(c -> assertThat(c.taskId()).isEqualTo(created.taskId()));
    }

    @Test
    void continueAsNew_threeRestarts_endsWithFinalOutputAndOnlyLastExecutionsHistory() {
        String id = start(TestFunctions.CONTINUE_AS_NEW, 0, "engine-can");

        OrchestrationMetadata done = complete(id);

        assertThat(done.getRuntimeStatus()).isEqualTo(Completed);
        assertThat(done.readOutputAs(String.class)).isEqualTo("finished at " + TestFunctions.CONTINUE_AS_NEW_LAST);
        assertThat(done.readInputAs(Integer.class)).as("input of the last execution")
                .isEqualTo(TestFunctions.CONTINUE_AS_NEW_LAST);
        List<HistoryEvent> history = history(id);
        assertThat(history).extracting(HistoryEvent::eventType).containsExactly("OrchestratorStarted",
                "ExecutionStarted", "ExecutionCompleted", "OrchestratorCompleted");
        assertThat(((HistoryEvent.ExecutionStarted) history.get(1)).input())
                .isEqualTo(String.valueOf(TestFunctions.CONTINUE_AS_NEW_LAST));
        assertThat(store.history(id)).extracting(StoreQueries.HistoryRow::executionId).containsOnly(
                store.executionId(id));
    }

    @Test
    void sendEvent_toWaitingInstance_deliversTheData() {
        String receiver = start(TestFunctions.RECEIVE_EVENT, null, "engine-receiver");
        await(client.waitForInstanceStart(receiver, AWAIT));

        String sender = start(TestFunctions.SEND_EVENT, receiver, "engine-sender");

        assertThat(complete(sender).readOutputAs(String.class)).isEqualTo("sent to " + receiver);
        OrchestrationMetadata received = complete(receiver);
        assertThat(received.getRuntimeStatus()).isEqualTo(Completed);
        assertThat(received.readOutputAs(String.class)).isEqualTo("ping from " + sender);
        assertThat(ofType(history(sender), HistoryEvent.EventSent.class)).singleElement().satisfies(e -> {
            assertThat(e.targetInstanceId()).isEqualTo(receiver);
            assertThat(e.name()).isEqualTo(TestFunctions.PING_EVENT);
        });
        assertThat(ofType(history(receiver), HistoryEvent.EventRaised.class)).singleElement()
                .satisfies(e -> assertThat(e.name()).isEqualTo(TestFunctions.PING_EVENT));
    }

    @Test
    void sendEvent_beforeReceiverRuns_isBufferedUntilItWaits() {
        String receiver = start(TestFunctions.RECEIVE_EVENT, null, "engine-receiver-late");
        // no wait: the receiver may still be Pending when the event lands in its inbox
        String sender = start(TestFunctions.SEND_EVENT, receiver, "engine-sender-early");

        complete(sender);
        assertThat(complete(receiver).readOutputAs(String.class)).isEqualTo("ping from " + sender);
    }

    @Test
    void sendEvent_toInstanceThatDoesNotExist_isDroppedNotDeliveredToALaterInstanceWithThatId() {
        String target = Eventually.uniqueId("engine-no-such-target");
        String sender = start(TestFunctions.SEND_EVENT, target, "engine-sender-nowhere");
        assertThat(complete(sender).getRuntimeStatus()).isEqualTo(Completed);
        assertThat(store.inboxEventTypes(target)).as("nothing queued for an instance that does not exist").isEmpty();

        await(client.scheduleNewOrchestration(TestFunctions.RECEIVE_EVENT, null,
                NewOrchestrationOptions.withInstanceId(target)));

        // Its first step processes everything in its inbox: an event sent before it existed would complete it now.
        OrchestrationMetadata started = await(client.waitForInstanceStart(target, AWAIT));
        assertThat(started.getRuntimeStatus()).isEqualTo(Running);
        assertThat(ofType(history(target), HistoryEvent.EventRaised.class)).isEmpty();
        await(client.terminate(target, "cleanup"));
    }

    @Test
    void subOrchestration_completingAfterParentContinuedAsNew_doesNotReachTheNewExecution() {
        String id = start(TestFunctions.ABANDON_CHILD, 0, "engine-abandon");
        Eventually.until(id + " to run its second execution", () -> await(client.getInstanceMetadata(id, true)),
                m -> "1".equals(m.getSerializedInput()) && m.getRuntimeStatus() == Running);
        String child = id + ":0";
        assertThat(await(client.getInstanceMetadata(child, false)).getRuntimeStatus()).isEqualTo(Running);

        await(client.raiseEvent(child, TestFunctions.APPROVAL_EVENT, "late"));
        assertThat(complete(child).getRuntimeStatus()).isEqualTo(Completed);

        // The child's completion was addressed to the first execution; wait until the parent dealt with it.
        Eventually.until("the parent to process or drop the child's completion", () -> store.inboxEventTypes(id),
                types -> !types.contains("SubOrchestrationInstanceCompleted"));
        OrchestrationMetadata parent = await(client.getInstanceMetadata(id, true));
        assertThat(parent.getRuntimeStatus()).as("the one-hour timer of execution 2 is still pending")
                .isEqualTo(Running);
        assertThat(ofType(history(id), HistoryEvent.SubOrchestrationInstanceCompleted.class)).isEmpty();
        await(client.terminate(id, "cleanup"));
    }

    @Test
    void subOrchestration_explicitChildId_childRunsUnderItAndReportsToParent() {
        String childId = Eventually.uniqueId("engine-explicit-child");
        String id = start(TestFunctions.PARENT_OF_WAITER, childId, "engine-parent");
        awaitChildStarted(childId);

        await(client.raiseEvent(childId, TestFunctions.APPROVAL_EVENT, "yes"));

        assertThat(complete(id).readOutputAs(String.class)).isEqualTo("child said yes");
        assertThat(ofType(history(childId), HistoryEvent.ExecutionStarted.class).get(0).parentInstanceId())
                .isEqualTo(id);
    }

    @Test
    void subOrchestration_childTerminated_failsParentTaskWithTheReason() {
        String childId = Eventually.uniqueId("engine-terminated-child");
        String id = start(TestFunctions.PARENT_OF_WAITER, childId, "engine-parent-of-terminated");
        awaitChildStarted(childId);

        await(client.terminate(childId, "child cancelled"));

        OrchestrationMetadata parent = complete(id);
        assertThat(parent.getRuntimeStatus()).isEqualTo(Failed);
        assertThat(parent.getFailureDetails().errorType()).isEqualTo("dev.reprise.api.TaskFailedException");
        assertThat(parent.getFailureDetails().innerFailure()).isNotNull();
        assertThat(parent.getFailureDetails().innerFailure().errorMessage()).contains(childId)
                .contains("terminated").contains("child cancelled");
        assertThat(ofType(history(id), HistoryEvent.SubOrchestrationInstanceFailed.class)).hasSize(1);
    }

    @Test
    void externalEvents_raisedBeforeAndWhileWaiting_areDeliveredInOrderOnce() {
        String id = start(TestFunctions.COLLECT_EVENTS, 5, "engine-collect");

        for (int i = 1; i <= 5; i++) {
            await(client.raiseEvent(id, TestFunctions.ITEM_EVENT, "item-" + i));
        }

        OrchestrationMetadata done = complete(id);
        assertThat(done.readOutputAs(String[].class)).containsExactly("item-1", "item-2", "item-3", "item-4",
                "item-5");
        assertThat(ofType(history(id), HistoryEvent.EventRaised.class)).hasSize(5);
    }

    @Test
    void externalEvent_withOtherName_doesNotSatisfyTheWait() {
        String id = start(TestFunctions.WAIT_FOR_EVENT, null, "engine-other-event");
        await(client.raiseEvent(id, "NotApproval", "ignored"));
        await(client.raiseEvent(id, TestFunctions.APPROVAL_EVENT, "right one"));

        assertThat(complete(id).readOutputAs(String.class)).isEqualTo("right one");
    }

    @Test
    void customStatus_setByOrchestrator_isVisibleThroughClient() {
        String id = start(TestFunctions.CUSTOM_STATUS, null, "engine-custom");

        OrchestrationMetadata waiting = Eventually.until("custom status to be set",
                () -> await(client.getInstanceMetadata(id, true)), m -> m.getSerializedCustomStatus() != null);
        assertThat(waiting.readCustomStatusAs(Map.class)).isEqualTo(Map.of("stage", "waiting"));
        assertThat(await(client.getInstanceMetadata(id, false)).getSerializedCustomStatus())
                .as("without payloads").isNull();

        await(client.raiseEvent(id, TestFunctions.GO_EVENT, "now"));

        OrchestrationMetadata done = complete(id);
        assertThat(done.readOutputAs(String.class)).isEqualTo("go:now");
        assertThat(done.readCustomStatusAs(Map.class)).isEqualTo(Map.of("stage", "done"));
    }

    @Test
    void durableTimer_shortDelay_firesAndCompletesNotBeforeItsTime() {
        String id = start(TestFunctions.TIMER, 300, "engine-timer");

        OrchestrationMetadata done = complete(id);

        assertThat(done.readOutputAs(String.class)).isEqualTo("timer fired");
        List<HistoryEvent> history = history(id);
        HistoryEvent.TimerCreated created = ofType(history, HistoryEvent.TimerCreated.class).get(0);
        HistoryEvent.TimerFired fired = ofType(history, HistoryEvent.TimerFired.class).get(0);
        assertThat(fired.taskId()).isEqualTo(created.taskId());
        assertThat(fired.fireAt()).isEqualTo(created.fireAt());
        assertThat(Duration.between(created.timestamp(), created.fireAt())).isEqualTo(Duration.ofMillis(300));
        // The step that saw the timer fire started (engine clock) no earlier than the timer was due.
        HistoryEvent stepStart = history.get(history.indexOf(fired) - 1);
        assertThat(stepStart).isInstanceOf(HistoryEvent.OrchestratorStarted.class);
        assertThat(stepStart.timestamp()).isAfterOrEqualTo(created.fireAt());
    }

    @Test
    void failingOrchestrator_throws_endsFailedWithFailureDetails() {
        String id = start(TestFunctions.FAIL, "oops", "engine-fail");

        OrchestrationMetadata done = complete(id);

        assertThat(done.getRuntimeStatus()).isEqualTo(Failed);
        assertThat(done.getSerializedOutput()).isNull();
        FailureDetails failure = done.getFailureDetails();
        assertThat(failure.errorType()).isEqualTo(IllegalStateException.class.getName());
        assertThat(failure.errorMessage()).isEqualTo("TestFail failed on purpose: oops");
        assertThat(failure.stackTrace()).contains("IllegalStateException");
        assertThat(await(client.getInstanceMetadata(id, false)).getFailureDetails())
                .as("failure details come without payloads too").isEqualTo(failure);
        HistoryEvent.ExecutionCompleted completed = ofType(history(id), HistoryEvent.ExecutionCompleted.class).get(0);
        assertThat(completed.status()).isEqualTo(Failed);
        assertThat(completed.failure().errorMessage()).isEqualTo(failure.errorMessage());
    }

    @Test
    void unknownActivity_withRetryPolicy_failsOnceNonRetriableNamingRegisteredActivities() {
        String id = start(TestFunctions.UNKNOWN_ACTIVITY, null, "engine-unknown-activity");

        OrchestrationMetadata done = complete(id);

        assertThat(done.getRuntimeStatus()).isEqualTo(Completed);
        @SuppressWarnings("unchecked")
        Map<String, Object> caught = done.readOutputAs(Map.class);
        assertThat(caught).containsEntry("taskName", TestFunctions.MISSING_ACTIVITY)
                .containsEntry("errorType", NonRetriableException.class.getName())
                .containsEntry("nonRetriable", true);
        assertThat((String) caught.get("errorMessage")).contains("'" + TestFunctions.MISSING_ACTIVITY + "'")
                .contains(TestFunctions.GREET, TestFunctions.SQUARE, TestFunctions.FLAKY);
        List<HistoryEvent> history = history(id);
        assertThat(ofType(history, HistoryEvent.TaskScheduled.class)).as("no retry of a non-retriable failure")
                .hasSize(1);
        assertThat(ofType(history, HistoryEvent.TimerCreated.class)).isEmpty();
    }

    @Test
    void fanOut_parallelActivities_allResultsAggregated() {
        String id = start(TestFunctions.FAN_OUT, 6, "engine-fanout");

        OrchestrationMetadata done = complete(id);

        assertThat(done.readOutputAs(Integer.class)).isEqualTo(1 + 4 + 9 + 16 + 25 + 36);
        List<HistoryEvent> history = history(id);
        assertThat(ofType(history, HistoryEvent.TaskScheduled.class)).hasSize(6);
        assertThat(ofType(history, HistoryEvent.TaskCompleted.class)).hasSize(6);
        // All six were scheduled in the first step, before any result arrived.
        int firstCompletion = history.indexOf(ofType(history, HistoryEvent.TaskCompleted.class).get(0));
        assertThat(ofType(history.subList(0, firstCompletion), HistoryEvent.TaskScheduled.class)).hasSize(6);
    }
}
