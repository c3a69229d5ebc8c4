package dev.reprise.engine;

import dev.reprise.api.Activity;
import dev.reprise.api.ActivityFunction;
import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Functions of the idempotency-key test: what an activity sees as its key in each execution. */
@ApplicationScoped
public class ExecutionKeyFunctions {

    /**
     * Input: the keys so far (an array); calls {@link #KEY} once, and continues as new with the keys until it has
     * three; output: the three keys.
     */
    public static final String KEYS = "TestExecutionKeys";
    /** Output: "executionId/taskId" as the activity sees them. */
    public static final String KEY = "TestExecutionKey";

    @Produces
    @Orchestrator(KEYS)
    OrchestratorFunction keys() {
        return ctx -> {
            String[] input = ctx.getInput(String[].class);
            List<String> keys = new ArrayList<>(input == null ? List.of() : Arrays.asList(input));
            keys.add(ctx.callActivity(KEY, null, String.class).await());
            if (keys.size() < 3) {
                ctx.continueAsNew(keys);
                return null;
            }
            return keys;
        };
    }

    @Produces
    @Activity(KEY)
    ActivityFunction key() {
        return ctx -> ctx.getExecutionId() + "/" + ctx.getTaskId();
    }
}
