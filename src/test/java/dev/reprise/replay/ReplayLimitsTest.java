package dev.reprise.replay;

import dev.reprise.api.FailureDetails;
import dev.reprise.api.OrchestrationLimitException;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.Task;
import dev.reprise.api.HistoryEvent;
import dev.reprise.history.OrchestratorAction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.reprise.replay.ReplayHarness.CONVERTER;
import static dev.reprise.replay.ReplayHarness.T0;
import static dev.reprise.replay.ReplayHarness.completion;
import static org.assertj.core.api.Assertions.assertThat;

/** Bounds that keep a runaway orchestration from exhausting the engine. */
class ReplayLimitsTest {

    @Test
    void maxActions_exceededInOneStep_failsNonRetriableNamingTheSetting() {
        ReplayHarness h = ReplayHarness.withLimits("Greedy", new ReplayLimits(5), ctx -> {
            List<Task<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                tasks.add(ctx.callActivity("A", i, String.class));
            }
            return ctx.allOf(tasks).await();
        });

        ReplayResult r = h.start(T0, null);

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        FailureDetails failure = completion(r).failure();
        assertThat(failure.errorType()).isEqualTo(OrchestrationLimitException.class.getName());
        assertThat(failure.nonRetriable()).isTrue();
        assertThat(failure.errorMessage()).contains("more than 5 durable operations")
                .contains("reprise.orchestrations.max-actions");
        assertThat(r.actions()).as("nothing but the failure is scheduled")
                .allMatch(a -> a instanceof OrchestratorAction.CompleteOrchestration);
    }

    @Test
    void maxActions_limitCaughtByOrchestrator_stillFails() {
        ReplayHarness h = ReplayHarness.withLimits("Swallowing", new ReplayLimits(1), ctx -> {
            ctx.callActivity("A", 1, String.class);
            try {
                ctx.callActivity("B", 2, String.class);
            } catch (Exception ignoredByUserCode) {
                return "escaped";
            }
            return "escaped";
        });

        ReplayResult r = h.start(T0, null);

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(completion(r).failure().errorType()).isEqualTo(OrchestrationLimitException.class.getName());
    }

    @Test
    void maxActions_exactlyAtTheLimit_isAllowed() {
        ReplayHarness h = ReplayHarness.withLimits("Exact", new ReplayLimits(2), ctx -> {
            ctx.callActivity("A", 1, String.class);
            ctx.callActivity("B", 2, String.class);
            return "scheduled";
        });

        ReplayResult r = h.start(T0, null);

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Completed);
    }

    @Test
    void failWithoutReplay_recordsNewEventsThenTheFailure() {
        ReplayEngine engine = new ReplayEngine(CONVERTER);
        FailureDetails failure = FailureDetails.of(OrchestrationLimitException.class.getName(), "too big", true);
        List<HistoryEvent> batch = List.of(new HistoryEvent.OrchestratorStarted(T0),
                new HistoryEvent.EventRaised(T0, "E", "1"));

        ReplayResult r = engine.failWithoutReplay(batch, failure);

        assertThat(r.status()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(r.newHistory()).startsWith(batch.toArray(HistoryEvent[]::new));
        assertThat(r.newHistory().get(r.newHistory().size() - 2))
                .isEqualTo(new HistoryEvent.ExecutionCompleted(T0, OrchestrationRuntimeStatus.Failed, null, failure));
        assertThat(r.actions()).containsExactly(new OrchestratorAction.CompleteOrchestration(
                OrchestrationRuntimeStatus.Failed, null, failure, List.of()));
    }
}
