package dev.reprise.engine;

import dev.reprise.api.Activity;
import dev.reprise.api.ActivityFunction;
import dev.reprise.api.AsyncActivityFunction;
import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.Task;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Orchestrators and activities of the instance-lifecycle tests (rewind, restart, recursive terminate and purge,
 * cancellation). Every name starts with "Lc"; the shared state is keyed by instance ID or a test's own key.
 */
@ApplicationScoped
public class LifecycleFunctions {

    public static final String REWIND_CHAIN = "LcRewindChain";
    public static final String REWIND_PARENT = "LcRewindParent";
    public static final String TREE = "LcTree";
    public static final String FAILS_AT_ONCE = "LcFailsAtOnce";
    public static final String MIDDLE = "LcMiddle";
    public static final String WAITER = "LcWaiter";
    public static final String TIMER_THEN_END = "LcTimerThenEnd";
    public static final String CANCELLABLE_RUN = "LcCancellableRun";
    public static final String ASYNC_CANCELLABLE_RUN = "LcAsyncCancellableRun";
    static final String COUNT = "LcCount";
    static final String BREAKABLE = "LcBreakable";
    static final String CANCELLABLE = "LcCancellable";
    static final String ASYNC_CANCELLABLE = "LcAsyncCancellable";

    /** Runs of {@link #COUNT} and {@link #BREAKABLE}, by input. */
    public static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
    /** Keys for which {@link #BREAKABLE} fails. */
    public static final Set<String> BROKEN = ConcurrentHashMap.newKeySet();
    /** Instances whose {@link #CANCELLABLE} activity started, and those whose activity saw the cancellation. */
    public static final Set<String> CANCELLABLE_STARTED = ConcurrentHashMap.newKeySet();
    public static final Set<String> CANCELLATION_SEEN = ConcurrentHashMap.newKeySet();
    /** The same for {@link #ASYNC_CANCELLABLE}, whose Uni never ends unless cancelled. */
    public static final Set<String> ASYNC_STARTED = ConcurrentHashMap.newKeySet();
    public static final Set<String> ASYNC_CANCELLED = ConcurrentHashMap.newKeySet();

    public static int runs(String input) {
        AtomicInteger n = RUNS.get(input);
        return n == null ? 0 : n.get();
    }

    /** a, then b (which fails while the key is broken), then c: "a|b|c". */
    @Produces
    @Orchestrator(REWIND_CHAIN)
    OrchestratorFunction rewindChain() {
        return ctx -> {
            String key = ctx.getInput(String.class);
            String a = ctx.callActivity(COUNT, key + ":a", String.class).await();
            String b = ctx.callActivity(BREAKABLE, key, String.class).await();
            String c = ctx.callActivity(COUNT, key + ":c", String.class).await();
            return a + "|" + b + "|" + c;
        };
    }

    /** p, then the chain as a sub-orchestration: "p&(the chain's output)". */
    @Produces
    @Orchestrator(REWIND_PARENT)
    OrchestratorFunction rewindParent() {
        return ctx -> {
            String key = ctx.getInput(String.class);
            String p = ctx.callActivity(COUNT, key + ":p", String.class).await();
            return p + "&" + ctx.callSubOrchestrator(REWIND_CHAIN, key, String.class).await();
        };
    }

    /**
     * Fails in its first step while its key is broken (a bug in the orchestrator itself, fixed by a new deployment),
     * else runs the chain's a.
     */
    @Produces
    @Orchestrator(FAILS_AT_ONCE)
    OrchestratorFunction failsAtOnce() {
        return ctx -> {
            String key = ctx.getInput(String.class);
            if (BROKEN.contains(key)) {
                throw new IllegalStateException("LcFailsAtOnce is broken for " + key);
            }
            return ctx.callActivity(COUNT, key + ":a", String.class).await();
        };
    }

    /** Three children: two waiters and a middle one that waits on a waiter of its own. */
    @Produces
    @Orchestrator(TREE)
    OrchestratorFunction tree() {
        return ctx -> {
            List<Task<String>> children = List.of(ctx.callSubOrchestrator(WAITER, null, String.class),
                    ctx.callSubOrchestrator(WAITER, null, String.class),
                    ctx.callSubOrchestrator(MIDDLE, null, String.class));
            return ctx.allOf(children).await();
        };
    }

    @Produces
    @Orchestrator(MIDDLE)
    OrchestratorFunction middle() {
        return ctx -> ctx.callSubOrchestrator(WAITER, null, String.class).await();
    }

    @Produces
    @Orchestrator(WAITER)
    OrchestratorFunction waiter() {
        return ctx -> ctx.waitForExternalEvent("never", String.class).await();
    }

    /**
     * Races an hour's timer against an activity, then ends as its input says: "complete", "fail" or "continue"
     * (continues as new once, with "complete").
     */
    @Produces
    @Orchestrator(TIMER_THEN_END)
    OrchestratorFunction timerThenEnd() {
        return ctx -> {
            String how = ctx.getInput(String.class);
            Task<Void> timer = ctx.createTimer(Duration.ofHours(1));
            Task<String> work = ctx.callActivity(COUNT, ctx.getInstanceId() + ":" + how, String.class);
            ctx.anyOf(timer, work).await();
            if ("fail".equals(how)) {
                throw new IllegalStateException("failing on purpose with a timer pending");
            }
            if ("continue".equals(how)) {
                ctx.continueAsNew("complete");
                return null;
            }
            return "done";
        };
    }

    /** Runs an activity that waits until it is cancelled. */
    @Produces
    @Orchestrator(CANCELLABLE_RUN)
    OrchestratorFunction cancellableRun() {
        return ctx -> ctx.callActivity(CANCELLABLE, null, String.class).await();
    }

    @Produces
    @Orchestrator(ASYNC_CANCELLABLE_RUN)
    OrchestratorFunction asyncCancellableRun() {
        return ctx -> ctx.callActivity(ASYNC_CANCELLABLE, null, String.class).await();
    }

    @Produces
    @Activity(ASYNC_CANCELLABLE)
    AsyncActivityFunction asyncCancellable() {
        return ctx -> Uni.createFrom().emitter(e -> ASYNC_STARTED.add(ctx.getInstanceId()))
                .onCancellation().invoke(() -> ASYNC_CANCELLED.add(ctx.getInstanceId()));
    }

    @Produces
    @Activity(COUNT)
    ActivityFunction count() {
        return ctx -> {
            String input = ctx.getInput(String.class);
            RUNS.computeIfAbsent(input, k -> new AtomicInteger()).incrementAndGet();
            return input;
        };
    }

    @Produces
    @Activity(BREAKABLE)
    ActivityFunction breakable() {
        return ctx -> {
            String key = ctx.getInput(String.class);
            RUNS.computeIfAbsent(key + ":b", k -> new AtomicInteger()).incrementAndGet();
            if (BROKEN.contains(key)) {
                throw new IllegalStateException("LcBreakable is broken for " + key);
            }
            return "b";
        };
    }

    /** Waits (bounded) until told that its result no longer matters, and records that it was told. */
    @Produces
    @Activity(CANCELLABLE)
    ActivityFunction cancellable() {
        return ctx -> {
            CANCELLABLE_STARTED.add(ctx.getInstanceId());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!ctx.isCancellationRequested() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (ctx.isCancellationRequested()) {
                CANCELLATION_SEEN.add(ctx.getInstanceId());
            }
            return "stopped";
        };
    }
}
