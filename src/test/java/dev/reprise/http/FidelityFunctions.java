package dev.reprise.http;

import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.TaskFailedException;
import dev.reprise.engine.TestFunctions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Duration;
import java.util.List;

/** Orchestrations whose history holds one of each kind of event, for {@link DurableFunctionsHistoryHttpTest}. */
@ApplicationScoped
public class FidelityFunctions {

    /**
     * Input: a name. Calls {@link TestFunctions#GREET}, calls {@link TestFunctions#FLAKY} once without retries (it
     * fails; the failure is caught), calls sub-orchestration {@link TestFunctions#SUB_CHILD}, waits on a 1 ms
     * durable timer, sets its custom status to {@code "waiting"} and waits for event {@link #GO_EVENT}. Output:
     * {@code [greeting, child's output, event data]}.
     */
    public static final String EVERY_EVENT = "TestEveryEvent";
    public static final String GO_EVENT = "Go";

    @Produces
    @Orchestrator(EVERY_EVENT)
    OrchestratorFunction everyEvent() {
        return ctx -> {
            String name = ctx.getInput(String.class);
            String greeting = ctx.callActivity(TestFunctions.GREET, name, String.class).await();
            try {
                ctx.callActivity(TestFunctions.FLAKY, 1, String.class).await();
            } catch (TaskFailedException expected) {
                // The point is the TaskFailed event in the history.
            }
            String child = ctx.callSubOrchestrator(TestFunctions.SUB_CHILD, name, String.class).await();
            ctx.createTimer(Duration.ofMillis(1)).await();
            ctx.setCustomStatus("waiting");
            String go = ctx.waitForExternalEvent(GO_EVENT, String.class).await();
            return List.of(greeting, child, go);
        };
    }
}
