package dev.reprise.engine;

import dev.reprise.api.Activity;
import dev.reprise.api.ActivityFunction;
import dev.reprise.api.NonRetriableException;
import dev.reprise.api.OrchestrationLimitException;
import dev.reprise.api.OrchestrationMetadata;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.RetryPolicy;
import dev.reprise.api.Task;
import dev.reprise.api.TaskFailedException;
import dev.reprise.api.TaskOptions;
import dev.reprise.api.HistoryEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Misbehaving orchestrations fail with a clear message instead of harming the engine. The limits are set small here
 * so a test can reach them.
 */
@QuarkusTest
@TestProfile(LimitsAndPoisonTest.SmallLimits.class)
class LimitsAndPoisonTest extends ClientSteps {

    /** Limits small enough to reach in a test. */
    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("reprise.orchestrations.max-actions", "50",
                    "reprise.orchestrations.max-history-size", "32K",
                    "reprise.orchestrations.max-messages-per-step", "5");
        }
    }

    /** A record an activity expects; the tests send something else. */
    public record Parcel(String label, int weightGrams) {
    }

    /** Functions for these tests. */
    @ApplicationScoped
    public static class Functions {

        @Produces
        @Activity("TestLimitWeigh")
        ActivityFunction weigh() {
            return ctx -> ctx.getInput(Parcel.class).weightGrams();
        }

        /** Calls TestLimitWeigh with its input, retrying up to 3 times; reports the failure. */
        @Produces
        @Orchestrator("TestLimitWeighRetried")
        OrchestratorFunction weighRetried() {
            return ctx -> {
                try {
                    return ctx.callActivity("TestLimitWeigh", ctx.getInput(Object.class),
                            TaskOptions.withRetryPolicy(RetryPolicy.of(3, Duration.ofMillis(100))), Integer.class)
                            .await();
                } catch (TaskFailedException e) {
                    return e.getFailureDetails();
                }
            };
        }

        /** Schedules as many timers as its input says, all at once. */
        @Produces
        @Orchestrator("TestLimitManyTimers")
        OrchestratorFunction manyTimers() {
            return ctx -> {
                int n = ctx.getInput(Integer.class);
                List<Task<Void>> timers = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    timers.add(ctx.createTimer(Duration.ofMillis(1)));
                }
                ctx.allOf(timers).await();
                return n;
            };
        }

        /** Grows its history with 2 KiB activity results, without continueAsNew, until something stops it. */
        @Produces
        @Orchestrator("TestLimitGrowing")
        OrchestratorFunction growing() {
            return ctx -> {
                for (int i = 0; i < 40; i++) {
                    ctx.callActivity("TestLimitPad", i, String.class).await();
                }
                return "never this big";
            };
        }

        @Produces
        @Activity("TestLimitPad")
        ActivityFunction pad() {
            return ctx -> "x".repeat(2048);
        }

        /** Waits for 20 "Tick" events and returns their data in order. */
        @Produces
        @Orchestrator("TestLimitTicks")
        OrchestratorFunction ticks() {
            return ctx -> {
                List<Integer> seen = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    seen.add(ctx.waitForExternalEvent("Tick", Integer.class).await());
                }
                return seen;
            };
        }
    }

    @Test
    void activityInputOfWrongShape_withRetryPolicy_failsOnceAsNonRetriable() {
        String id = start("TestLimitWeighRetried", "not a parcel", "poison-input");

        OrchestrationMetadata done = complete(id);

        @SuppressWarnings("unchecked")
        Map<String, Object> failure = done.readOutputAs(Map.class);
        assertThat(failure).containsEntry("errorType", NonRetriableException.class.getName())
                .containsEntry("nonRetriable", true);
        assertThat((String) failure.get("errorMessage")).contains("Input of activity 'TestLimitWeigh'");
        assertThat(history(id).stream().filter(e -> e instanceof HistoryEvent.TaskScheduled).count())
                .as("not retried").isEqualTo(1);
    }

    @Test
    void tooManyActions_failsWithLimitErrorNamingTheSetting() {
        OrchestrationMetadata done = complete(start("TestLimitManyTimers", 51, "poison-actions"));

        assertThat(done.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(done.getFailureDetails().errorType()).isEqualTo(OrchestrationLimitException.class.getName());
        assertThat(done.getFailureDetails().errorMessage()).contains("reprise.orchestrations.max-actions");
    }

    @Test
    void actionsUpToTheLimit_complete() {
        OrchestrationMetadata done = complete(start("TestLimitManyTimers", 50, "poison-actions-ok"));

        assertThat(done.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.Completed);
        assertThat(done.readOutputAs(Integer.class)).isEqualTo(50);
    }

    @Test
    void historyOverMaxSize_failsWithLimitErrorInsteadOfGrowing() {
        OrchestrationMetadata done = complete(start("TestLimitGrowing", null, "poison-history"));

        assertThat(done.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.Failed);
        assertThat(done.getFailureDetails().errorType()).isEqualTo(OrchestrationLimitException.class.getName());
        assertThat(done.getFailureDetails().errorMessage()).contains("reprise.orchestrations.max-history-size");
        long completions = history(done.getInstanceId()).stream()
                .filter(e -> e instanceof HistoryEvent.TaskCompleted).count();
        assertThat(completions).as("stopped long before its 40 activities").isBetween(10L, 20L);
    }

    @Test
    void moreEventsThanOneStepTakes_allAppliedInOrderOverSeveralSteps() {
        String id = start("TestLimitTicks", null, "poison-flood");
        await(client.waitForInstanceStart(id, AWAIT));
        for (int i = 1; i <= 20; i++) {
            await(client.raiseEvent(id, "Tick", i));
        }

        OrchestrationMetadata done = complete(id);

        assertThat(done.readOutputAs(Integer[].class)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
                14, 15, 16, 17, 18, 19, 20);
        long steps = history(id).stream().filter(e -> e instanceof HistoryEvent.OrchestratorStarted).count();
        assertThat(steps).as("at most 5 events per step").isGreaterThanOrEqualTo(5);
    }
}
