package dev.reprise.samples;

import dev.reprise.api.Activity;
import dev.reprise.api.ActivityFunction;
import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.Task;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fan-out/fan-in: schedules N activity calls at once, lets them run in parallel on any replica, and waits for all of
 * them ({@code allOf}); the results come back in the order the calls were made, whatever order they finished in.
 *
 * <h2>Contract</h2>
 * Input: {@code {"count": N}} with N from 0 to {@value #MAX_COUNT}. Calls activity {@code ProcessTask} with
 * {@code "Task1"} .. {@code "TaskN"}. Output: {@code ["Task1 completed", ..., "TaskN completed"]} in that order.
 * A missing input, a missing count, or a count out of range fails the instance with a message saying so.
 *
 * <p>{@code ProcessTask} checks that its input is a task name {@code Task<k>} (k a positive number without leading
 * zeros) and answers {@code "<name> completed"}; any other input fails that call, and so the instance.
 */
@ApplicationScoped
@LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
public class FanOutFanIn {

    /** Most parallel calls one instance makes; every call is two history events, replayed at every step. */
    public static final int MAX_COUNT = 10_000;

    private static final Pattern TASK_NAME = Pattern.compile("Task([1-9][0-9]{0,8})");

    /** The orchestration's input. */
    @RegisterForReflection
    public record FanOutRequest(Integer count) {
    }

    @Produces
    @Orchestrator("FanOutFanIn")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    OrchestratorFunction fanOutFanIn() {
        return ctx -> {
            FanOutRequest request = ctx.getInput(FanOutRequest.class);
            if (request == null || request.count() == null) {
                throw new IllegalArgumentException("FanOutFanIn needs an input such as {\"count\": 100}");
            }
            int count = request.count();
            if (count < 0 || count > MAX_COUNT) {
                throw new IllegalArgumentException("count must be from 0 to " + MAX_COUNT + ", was " + count);
            }
            List<Task<String>> tasks = new ArrayList<>(count);
            for (int k = 1; k <= count; k++) {
                tasks.add(ctx.callActivity("ProcessTask", "Task" + k, String.class));
            }
            return ctx.allOf(tasks).await();
        };
    }

    @Produces
    @Activity("ProcessTask")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    ActivityFunction processTask() {
        return ctx -> {
            String name = ctx.getInput(String.class);
            Matcher m = name == null ? null : TASK_NAME.matcher(name);
            if (m == null || !m.matches()) {
                throw new IllegalArgumentException("ProcessTask expects a task name such as \"Task7\", got "
                        + (name == null ? "nothing" : "\"" + name + "\""));
            }
            return "Task" + Integer.parseInt(m.group(1)) + " completed";
        };
    }
}
