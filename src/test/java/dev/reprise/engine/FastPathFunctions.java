package dev.reprise.engine;

import dev.reprise.api.Activity;
import dev.reprise.api.ActivityFunction;
import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.Task;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Orchestrators and activities of the fast-path tests: misbehaving code, and an activity that counts its runs. */
@ApplicationScoped
public class FastPathFunctions {

    /** Sleeps in orchestrator code (a blocking call), for ever unless interrupted. */
    public static final String SLEEPER = "TestSleepingOrchestrator";
    /** Loops in orchestrator code for ever, calling the context on every turn. */
    public static final String SPINNER = "TestSpinningOrchestrator";
    /** Calls {@link #COUNTED} with its input and returns the result. */
    public static final String COUNTING = "TestCounting";
    /** Returns its input; counts its runs per instance ({@link #runs}). */
    public static final String COUNTED = "TestCounted";
    /** Logs "first step of <id>", calls {@link #COUNTED}, then logs "second step of <id>" (replay-safe logger). */
    public static final String LOGGING = "TestLogging";
    /** Input: n; greets 1..n in parallel with {@link TestFunctions#GREET}; output: how many greetings came back. */
    public static final String WIDE_FAN_OUT = "TestWideFanOut";

    private static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    /** How often {@link #COUNTED} ran for the instance. */
    public static int runs(String instanceId) {
        AtomicInteger n = RUNS.get(instanceId);
        return n == null ? 0 : n.get();
    }

    @Produces
    @Orchestrator(SLEEPER)
    OrchestratorFunction sleeper() {
        return ctx -> {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            return "woke up";
        };
    }

    @Produces
    @Orchestrator(SPINNER)
    OrchestratorFunction spinner() {
        return ctx -> {
            long turns = 0;
            while (true) {
                ctx.newUUID();
                turns++;
                if (turns < 0) {
                    return turns; // never: the loop only ends when the engine unwinds it
                }
            }
        };
    }

    @Produces
    @Orchestrator(COUNTING)
    OrchestratorFunction counting() {
        return ctx -> ctx.callActivity(COUNTED, ctx.getInput(String.class), String.class).await();
    }

    @Produces
    @Orchestrator(LOGGING)
    OrchestratorFunction logging() {
        return ctx -> {
            org.jboss.logging.Logger log = ctx.getReplaySafeLogger(FastPathFunctions.class);
            log.infof("first step of %s", ctx.getInstanceId());
            String echoed = ctx.callActivity(COUNTED, "logged", String.class).await();
            log.infof("second step of %s", ctx.getInstanceId());
            return echoed;
        };
    }

    @Produces
    @Orchestrator(WIDE_FAN_OUT)
    OrchestratorFunction wideFanOut() {
        return ctx -> {
            int n = ctx.getInput(Integer.class);
            List<Task<String>> greetings = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                greetings.add(ctx.callActivity(TestFunctions.GREET, "n" + i, String.class));
            }
            return ctx.allOf(greetings).await().size();
        };
    }

    @Produces
    @Activity(COUNTED)
    ActivityFunction counted() {
        return ctx -> {
            RUNS.computeIfAbsent(ctx.getInstanceId(), id -> new AtomicInteger()).incrementAndGet();
            return ctx.getInput(String.class);
        };
    }
}
