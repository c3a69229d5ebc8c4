package dev.reprise.engine;

import dev.reprise.api.Activity;
import dev.reprise.api.ActivityFunction;
import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.RetryPolicy;
import dev.reprise.api.TaskFailedException;
import dev.reprise.api.TaskOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Orchestrators and activities of the activity-timeout tests; state is keyed by instance ID. */
@ApplicationScoped
public class TimeoutFunctions {

    /**
     * Input: {hang, timeoutMs, attempts}; calls {@link #HANG} with that start-to-close timeout and a retry policy of
     * {@code attempts} attempts 100 ms apart; output: its result.
     */
    public static final String TIMEOUT_RETRY = "TestTimeoutRetry";
    /**
     * Input: {beat, runMs, heartbeatMs}; calls {@link #BEAT} with that heartbeat timeout and no retry; output: its
     * result, or "failed: " + the failure's type and message.
     */
    public static final String HEARTBEAT = "TestHeartbeat";
    /**
     * Input: how many first attempts hang; a hanging attempt waits for {@link #release} (at most 60 s), or until told
     * to stop ({@code isCancellationRequested()}), which it counts in {@link #TOLD_TO_STOP}.
     */
    public static final String HANG = "TestHang";
    /** Input: {beat, runMs}; runs about runMs, heartbeating every 50 ms when beat is true; output "ran". */
    public static final String BEAT = "TestBeat";

    public record RetryInput(int hang, long timeoutMs, int attempts) {
    }

    public record BeatInput(boolean beat, long runMs, long heartbeatMs) {
    }

    /** Attempts of {@link #HANG} per instance ID. */
    public static final Map<String, AtomicInteger> HANG_ATTEMPTS = new ConcurrentHashMap<>();
    /** Hanging attempts of {@link #HANG} that saw {@code isCancellationRequested()}, per instance ID. */
    public static final Map<String, AtomicInteger> TOLD_TO_STOP = new ConcurrentHashMap<>();
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    /** Lets every hanging attempt return (at the end of a test class). */
    public static void release() {
        RELEASE.countDown();
    }

    @Produces
    @Orchestrator(TIMEOUT_RETRY)
    OrchestratorFunction timeoutRetry() {
        return ctx -> {
            RetryInput in = ctx.getInput(RetryInput.class);
            TaskOptions options = TaskOptions.withRetryPolicy(RetryPolicy.of(in.attempts(), Duration.ofMillis(100)))
                    .withStartToCloseTimeout(Duration.ofMillis(in.timeoutMs()));
            return ctx.callActivity(HANG, in.hang(), options, String.class).await();
        };
    }

    @Produces
    @Orchestrator(HEARTBEAT)
    OrchestratorFunction heartbeat() {
        return ctx -> {
            BeatInput in = ctx.getInput(BeatInput.class);
            TaskOptions options = TaskOptions.none().withHeartbeatTimeout(Duration.ofMillis(in.heartbeatMs()));
            try {
                return ctx.callActivity(BEAT, in, options, String.class).await();
            } catch (TaskFailedException e) {
                return "failed: " + e.getFailureDetails().errorType() + ": " + e.getFailureDetails().errorMessage();
            }
        };
    }

    @Produces
    @Activity(HANG)
    ActivityFunction hang() {
        return ctx -> {
            int attempt = HANG_ATTEMPTS.computeIfAbsent(ctx.getInstanceId(), id -> new AtomicInteger())
                    .incrementAndGet();
            if (attempt <= ctx.getInput(Integer.class)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!RELEASE.await(20, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
                    if (ctx.isCancellationRequested()) {
                        TOLD_TO_STOP.computeIfAbsent(ctx.getInstanceId(), id -> new AtomicInteger()).incrementAndGet();
                        return "hung attempt " + attempt + " stopped when told";
                    }
                }
                return "hung attempt " + attempt + " returned";
            }
            return "done on attempt " + attempt;
        };
    }

    @Produces
    @Activity(BEAT)
    ActivityFunction beat() {
        return ctx -> {
            BeatInput in = ctx.getInput(BeatInput.class);
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(in.runMs());
            while (System.nanoTime() < end) {
                if (in.beat()) {
                    ctx.heartbeat();
                }
                if (RELEASE.await(50, TimeUnit.MILLISECONDS)) {
                    break;
                }
            }
            return "ran";
        };
    }
}
