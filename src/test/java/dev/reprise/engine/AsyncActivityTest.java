package dev.reprise.engine;

import dev.reprise.api.Activity;
import dev.reprise.api.AsyncActivityFunction;
import dev.reprise.api.OrchestrationMetadata;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.TaskFailedException;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** Activities that return a {@link Uni} run without a worker thread, and their failures fail the task. */
@QuarkusTest
class AsyncActivityTest extends ClientSteps {

    /** Functions for this test: an async activity and an orchestrator that calls it and reports failures. */
    @ApplicationScoped
    public static class Functions {

        @Produces
        @Activity("TestAsyncShout")
        AsyncActivityFunction shout() {
            return ctx -> {
                String text = ctx.getInput(String.class);
                if (text.isBlank()) {
                    return Uni.createFrom().failure(new IllegalArgumentException("nothing to shout"));
                }
                return Uni.createFrom().item(() -> text.toUpperCase(Locale.ROOT) + "!");
            };
        }

        @Produces
        @Orchestrator("TestAsyncCaller")
        OrchestratorFunction caller() {
            return ctx -> {
                try {
                    return ctx.callActivity("TestAsyncShout", ctx.getInput(String.class), String.class).await();
                } catch (TaskFailedException e) {
                    return "failed: " + e.getFailureDetails().errorType() + ": "
                            + e.getFailureDetails().errorMessage();
                }
            };
        }
    }

    @Test
    void uniActivity_succeeds_resultReachesTheOrchestrator() {
        OrchestrationMetadata done = complete(start("TestAsyncCaller", "hello", "async-ok"));

        assertThat(done.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.Completed);
        assertThat(done.readOutputAs(String.class)).isEqualTo("HELLO!");
    }

    @Test
    void uniActivity_failedUni_failsTheTaskWithItsCause() {
        OrchestrationMetadata done = complete(start("TestAsyncCaller", " ", "async-fail"));

        assertThat(done.readOutputAs(String.class))
                .isEqualTo("failed: java.lang.IllegalArgumentException: nothing to shout");
    }
}
