package dev.reprise.bench;

import dev.reprise.api.Activity;
import dev.reprise.api.ActivityFunction;
import dev.reprise.api.EntityInstanceId;
import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The benchmark's own functions, registered only when {@code bench.functions.enabled=true} (the benchmark's profile),
 * so no other test sees them.
 */
@ApplicationScoped
public class BenchFunctions {

    static final String SEQUENCE = "BenchSequence";
    static final String ECHO = "BenchEcho";

    /**
     * W4: {@code count} activities one after the other. Output: the sum of what they returned, which is
     * {@code count * (count + 1) / 2} only if every call returned its own input.
     */
    @Produces
    @Orchestrator(SEQUENCE)
    @LookupIfProperty(name = "bench.functions.enabled", stringValue = "true")
    OrchestratorFunction sequence() {
        return ctx -> {
            int count = ctx.getInput(Integer.class);
            long sum = 0;
            for (int k = 1; k <= count; k++) {
                sum += ctx.callActivity(ECHO, k, Integer.class).await();
            }
            return sum;
        };
    }

    static final String ENTITY_CALLER = "BenchEntityCaller";

    /**
     * W6c: calls {@code add 1} on the shared Counter whose key is the input, {@value EntityWorkloads#CALLS} times,
     * one after the other. Output: the number of calls.
     */
    @Produces
    @Orchestrator(ENTITY_CALLER)
    @LookupIfProperty(name = "bench.functions.enabled", stringValue = "true")
    OrchestratorFunction entityCaller() {
        return ctx -> {
            EntityInstanceId counter = EntityInstanceId.of("Counter", ctx.getInput(String.class));
            for (int k = 0; k < EntityWorkloads.CALLS; k++) {
                ctx.callEntity(counter, "add", 1, Void.class).await();
            }
            return EntityWorkloads.CALLS;
        };
    }

    /** Returns its input: the cheapest activity that still proves the right result reached the right call. */
    @Produces
    @Activity(ECHO)
    @LookupIfProperty(name = "bench.functions.enabled", stringValue = "true")
    ActivityFunction echo() {
        return ctx -> ctx.getInput(Integer.class);
    }
}
