package dev.reprise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.api.Activity;
import dev.reprise.api.ActivityFunction;
import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.RetryPolicy;
import dev.reprise.api.Task;
import dev.reprise.api.TaskCanceledException;
import dev.reprise.api.TaskFailedException;
import dev.reprise.api.TaskOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Orchestrators and activities used by the store, dispatch and HTTP tests. Every name starts with "Test" so nothing
 * clashes with the samples. They are deterministic, as orchestrators must be; the only state is the attempt counter
 * of {@link #FLAKY}, keyed by instance ID so tests never share it.
 */
@ApplicationScoped
public class TestFunctions {

    // ---- orchestrators ----
    /** Returns its input unchanged. */
    public static final String ECHO = "TestEcho";
    /** Input: array of names; greets each with {@link #GREET}, one after the other; output: the greetings. */
    public static final String CHAIN = "TestChain";
    /** Input: n; squares 1..n in parallel with {@link #SQUARE}; output: the sum of squares. */
    public static final String FAN_OUT = "TestFanOut";
    /** Waits for event {@link #APPROVAL_EVENT}; output: the event's data. */
    public static final String WAIT_FOR_EVENT = "TestWaitForEvent";
    /** Input: milliseconds; waits on a durable timer that long; output: "timer fired". */
    public static final String TIMER = "TestTimer";
    /** Throws IllegalStateException with message {@code "TestFail failed on purpose: <input>"}. */
    public static final String FAIL = "TestFail";
    /** Input: how many times {@link #FLAKY} fails first; calls it with up to 3 attempts, 200 ms apart. */
    public static final String RETRY = "TestRetry";
    /** Input: a name; calls {@link #SUB_CHILD} as a sub-orchestration; output: "parent got: " + child's output. */
    public static final String SUB_PARENT = "TestSubParent";
    /** Input: a name; output: "child(" + greeting + ")". */
    public static final String SUB_CHILD = "TestSubChild";
    /** Input: n; while n &lt; {@link #CONTINUE_AS_NEW_LAST} it runs one activity and continues as new with n + 1. */
    public static final String CONTINUE_AS_NEW = "TestContinueAsNew";
    /** Sets custom status {stage: waiting}, waits for {@link #GO_EVENT}, sets {stage: done}; output "go:" + data. */
    public static final String CUSTOM_STATUS = "TestCustomStatus";
    /** Input: a target instance ID; sends it {@link #PING_EVENT} "ping from &lt;own id&gt;". */
    public static final String SEND_EVENT = "TestSendEvent";
    /** Waits for {@link #PING_EVENT}; output: its data. */
    public static final String RECEIVE_EVENT = "TestReceiveEvent";
    /**
     * Generation 0 starts {@link #WAIT_FOR_EVENT} as a sub-orchestration (task #0), lets a short timer win against it
     * and continues as new; generation 1 waits on a one-hour timer (also task #0). The child of generation 0 is left
     * running, so its completion arrives after the parent moved on.
     */
    public static final String ABANDON_CHILD = "TestAbandonChild";
    /** Input: a child instance ID; runs {@link #WAIT_FOR_EVENT} under it; output: "child said " + its output. */
    public static final String PARENT_OF_WAITER = "TestParentOfWaiter";
    /** Input: n; waits for {@link #ITEM_EVENT} n times; output: the n payloads in the order received. */
    public static final String COLLECT_EVENTS = "TestCollectEvents";
    /** Calls {@link #GATE} and returns its result. */
    public static final String GATED = "TestGated";
    /**
     * Input: a timeout in milliseconds; waits that long for {@link #APPROVAL_EVENT}; output: "approved: " + data,
     * or "timed out".
     */
    public static final String WAIT_WITH_TIMEOUT = "TestWaitWithTimeout";
    /**
     * Input "preserve" or "drop": takes one {@link #ITEM_EVENT}, then continues as new with input "next", carrying
     * unprocessed events over or not. Input "next": output is the next {@link #ITEM_EVENT}'s data.
     */
    public static final String CARRY_OVER = "TestCarryOver";
    /** Calls an activity nobody registered, with retries; output: what the caught TaskFailedException reported. */
    public static final String UNKNOWN_ACTIVITY = "TestUnknownActivity";

    // ---- activities ----
    public static final String GREET = "TestGreet";
    public static final String SQUARE = "TestSquare";
    public static final String FLAKY = "TestFlaky";
    /** Blocks until the test opens the gate of its instance ({@link #openGate}), at most 30 s. */
    public static final String GATE = "TestGate";
    public static final String MISSING_ACTIVITY = "TestNoSuchActivity";

    public static final String APPROVAL_EVENT = "Approval";
    public static final String GO_EVENT = "Go";
    public static final String PING_EVENT = "Ping";
    public static final String ITEM_EVENT = "Item";
    public static final int CONTINUE_AS_NEW_LAST = 3;
    public static final RetryPolicy FLAKY_RETRY = RetryPolicy.of(3, Duration.ofMillis(200));

    /** Attempts of {@link #FLAKY} per instance ID. Test code only. */
    public static final Map<String, AtomicInteger> FLAKY_ATTEMPTS = new ConcurrentHashMap<>();
    private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();
    private static final Set<String> GATE_ENTERED = ConcurrentHashMap.newKeySet();

    /** {@code true} once {@link #GATE} is running for the instance. */
    public static boolean gateEntered(String instanceId) {
        return GATE_ENTERED.contains(instanceId);
    }

    /** Lets {@link #GATE} of the instance return. */
    public static void openGate(String instanceId) {
        GATES.computeIfAbsent(instanceId, id -> new CountDownLatch(1)).countDown();
    }

    @Produces
    @Orchestrator(ECHO)
    OrchestratorFunction echo() {
        return ctx -> ctx.getInput(JsonNode.class);
    }

    @Produces
    @Orchestrator(CHAIN)
    OrchestratorFunction chain() {
        return ctx -> {
            String[] names = ctx.getInput(String[].class);
            List<String> out = new ArrayList<>();
            for (String name : names) {
                out.add(ctx.callActivity(GREET, name, String.class).await());
            }
            return out;
        };
    }

    @Produces
    @Orchestrator(FAN_OUT)
    OrchestratorFunction fanOut() {
        return ctx -> {
            int n = ctx.getInput(Integer.class);
            List<Task<Integer>> squares = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                squares.add(ctx.callActivity(SQUARE, i, Integer.class));
            }
            return ctx.allOf(squares).await().stream().mapToInt(Integer::intValue).sum();
        };
    }

    @Produces
    @Orchestrator(WAIT_FOR_EVENT)
    OrchestratorFunction waitForEvent() {
        return ctx -> ctx.waitForExternalEvent(APPROVAL_EVENT, JsonNode.class).await();
    }

    @Produces
    @Orchestrator(TIMER)
    OrchestratorFunction timer() {
        return ctx -> {
            long millis = ctx.getInput(Long.class);
            ctx.createTimer(Duration.ofMillis(millis)).await();
            return "timer fired";
        };
    }

    @Produces
    @Orchestrator(FAIL)
    OrchestratorFunction fail() {
        return ctx -> {
            throw new IllegalStateException("TestFail failed on purpose: " + ctx.getInput(String.class));
        };
    }

    @Produces
    @Orchestrator(RETRY)
    OrchestratorFunction retry() {
        return ctx -> ctx.callActivity(FLAKY, ctx.getInput(Integer.class), TaskOptions.withRetryPolicy(FLAKY_RETRY),
                String.class).await();
    }

    @Produces
    @Orchestrator(SUB_PARENT)
    OrchestratorFunction subParent() {
        return ctx -> "parent got: " + ctx.callSubOrchestrator(SUB_CHILD, ctx.getInput(String.class), String.class)
                .await();
    }

    @Produces
    @Orchestrator(SUB_CHILD)
    OrchestratorFunction subChild() {
        return ctx -> "child(" + ctx.callActivity(GREET, ctx.getInput(String.class), String.class).await() + ")";
    }

    @Produces
    @Orchestrator(CONTINUE_AS_NEW)
    OrchestratorFunction continueAsNew() {
        return ctx -> {
            int n = ctx.getInput(Integer.class);
            if (n < CONTINUE_AS_NEW_LAST) {
                ctx.callActivity(SQUARE, n, Integer.class).await();
                ctx.continueAsNew(n + 1);
                return null;
            }
            return "finished at " + n;
        };
    }

    @Produces
    @Orchestrator(CUSTOM_STATUS)
    OrchestratorFunction customStatus() {
        return ctx -> {
            ctx.setCustomStatus(Map.of("stage", "waiting"));
            String go = ctx.waitForExternalEvent(GO_EVENT, String.class).await();
            ctx.setCustomStatus(Map.of("stage", "done"));
            return "go:" + go;
        };
    }

    @Produces
    @Orchestrator(SEND_EVENT)
    OrchestratorFunction sendEvent() {
        return ctx -> {
            String target = ctx.getInput(String.class);
            ctx.sendEvent(target, PING_EVENT, "ping from " + ctx.getInstanceId());
            return "sent to " + target;
        };
    }

    @Produces
    @Orchestrator(RECEIVE_EVENT)
    OrchestratorFunction receiveEvent() {
        return ctx -> ctx.waitForExternalEvent(PING_EVENT, String.class).await();
    }

    @Produces
    @Orchestrator(ABANDON_CHILD)
    OrchestratorFunction abandonChild() {
        return ctx -> {
            int generation = ctx.getInput(Integer.class);
            if (generation == 0) {
                Task<String> child = ctx.callSubOrchestrator(WAIT_FOR_EVENT, null, String.class);
                ctx.anyOf(child, ctx.createTimer(Duration.ofMillis(100))).await();
                ctx.continueAsNew(1);
                return null;
            }
            ctx.createTimer(Duration.ofHours(1)).await();
            return "the one-hour timer fired";
        };
    }

    @Produces
    @Orchestrator(PARENT_OF_WAITER)
    OrchestratorFunction parentOfWaiter() {
        return ctx -> "child said " + ctx.callSubOrchestrator(WAIT_FOR_EVENT, null, ctx.getInput(String.class),
                TaskOptions.none(), String.class).await();
    }

    @Produces
    @Orchestrator(COLLECT_EVENTS)
    OrchestratorFunction collectEvents() {
        return ctx -> {
            int n = ctx.getInput(Integer.class);
            List<String> items = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                items.add(ctx.waitForExternalEvent(ITEM_EVENT, String.class).await());
            }
            return items;
        };
    }

    @Produces
    @Orchestrator(GATED)
    OrchestratorFunction gated() {
        return ctx -> ctx.callActivity(GATE, null, String.class).await();
    }

    @Produces
    @Orchestrator(WAIT_WITH_TIMEOUT)
    OrchestratorFunction waitWithTimeout() {
        return ctx -> {
            Duration timeout = Duration.ofMillis(ctx.getInput(Long.class));
            try {
                return "approved: " + ctx.waitForExternalEvent(APPROVAL_EVENT, timeout, String.class).await();
            } catch (TaskCanceledException e) {
                return "timed out";
            }
        };
    }

    @Produces
    @Orchestrator(CARRY_OVER)
    OrchestratorFunction carryOver() {
        return ctx -> {
            String mode = ctx.getInput(String.class);
            if (mode.equals("next")) {
                return ctx.waitForExternalEvent(ITEM_EVENT, String.class).await();
            }
            ctx.waitForExternalEvent(ITEM_EVENT, String.class).await();
            ctx.continueAsNew("next", mode.equals("preserve"));
            return null;
        };
    }

    @Produces
    @Orchestrator(UNKNOWN_ACTIVITY)
    OrchestratorFunction unknownActivity() {
        return ctx -> {
            try {
                ctx.callActivity(MISSING_ACTIVITY, "x", TaskOptions.withRetryPolicy(FLAKY_RETRY), String.class)
                        .await();
                return Map.of("unexpected", "the missing activity succeeded");
            } catch (TaskFailedException e) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("taskName", e.getTaskName());
                out.put("errorType", e.getFailureDetails().errorType());
                out.put("errorMessage", e.getFailureDetails().errorMessage());
                out.put("nonRetriable", e.getFailureDetails().nonRetriable());
                return out;
            }
        };
    }

    @Produces
    @Activity(GREET)
    ActivityFunction greet() {
        return ctx -> "Hello " + ctx.getInput(String.class) + "!";
    }

    @Produces
    @Activity(SQUARE)
    ActivityFunction square() {
        return ctx -> {
            int n = ctx.getInput(Integer.class);
            return n * n;
        };
    }

    @Produces
    @Activity(GATE)
    ActivityFunction gate() {
        return ctx -> {
            GATE_ENTERED.add(ctx.getInstanceId());
            boolean opened = GATES.computeIfAbsent(ctx.getInstanceId(), id -> new CountDownLatch(1))
                    .await(30, TimeUnit.SECONDS);
            return opened ? "gate opened" : "gate timed out";
        };
    }

    @Produces
    @Activity(FLAKY)
    ActivityFunction flaky() {
        return ctx -> {
            int failures = ctx.getInput(Integer.class);
            int attempt = FLAKY_ATTEMPTS.computeIfAbsent(ctx.getInstanceId(), id -> new AtomicInteger())
                    .incrementAndGet();
            if (attempt <= failures) {
                throw new IllegalStateException("TestFlaky attempt " + attempt + " fails on purpose");
            }
            return "succeeded on attempt " + attempt;
        };
    }
}
