package dev.reprise.engine;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded polling for asynchronous outcomes: probes until a condition holds or a generous deadline passes. The pause
 * between probes only limits load; no assertion depends on how long anything took.
 */
public final class Eventually {

    /** How long any asynchronous outcome may take before the test fails. */
    public static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final long PAUSE_MILLIS = 50;

    private Eventually() {
    }

    /** Probes {@code probe} until {@code done} accepts its value; returns that value. */
    public static <T> T until(String what, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        T last = null;
        while (true) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + DEADLINE + " waiting for " + what + "; last seen: "
                        + last);
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    /** A unique instance ID, so tests sharing one database and task hub never see each other's instances. */
    public static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
