package dev.reprise.replay;

/**
 * Bounds one replay enforces.
 *
 * @param maxActions durable operations (activities, timers, sub-orchestrations, events sent) one execution may
 *                   schedule, as Durable Functions' {@code maxOrchestrationActions}
 */
public record ReplayLimits(int maxActions) {

    /** Durable Functions' default of 100,000 operations. */
    public static final ReplayLimits DEFAULT = new ReplayLimits(100_000);

    public ReplayLimits {
        if (maxActions < 1) {
            throw new IllegalArgumentException("maxActions must be at least 1, was " + maxActions);
        }
    }
}
