package dev.reprise.api;

/**
 * Runtime status of an orchestration instance, spelled as in Durable Functions' HTTP API and its
 * {@code OrchestrationRuntimeStatus} enum.
 */
public enum OrchestrationRuntimeStatus {
    /** Created; its start has not been processed yet (it may be scheduled for later). */
    Pending,
    /** Started and not finished: running a step or waiting for results, timers or events. */
    Running,
    /** The orchestrator returned; the output is final. */
    Completed,
    /**
     * The execution called continue-as-new; the instance shows this status only until the new execution's first
     * step commits.
     */
    ContinuedAsNew,
    /** The orchestrator threw, or the engine failed it (non-determinism, a limit); the failure details say why. */
    Failed,
    /** A client terminated it; the output is the reason. */
    Terminated,
    /** A client suspended it; it takes nothing but resume and terminate until resumed. */
    Suspended;

    /** {@code true} for Completed, Failed and Terminated: nothing more will happen to the instance. */
    public boolean isTerminal() {
        return this == Completed || this == Failed || this == Terminated;
    }

    /**
     * Parses a status name case-insensitively, ignoring surrounding white space.
     *
     * @param text not {@code null}
     * @throws IllegalArgumentException naming the valid statuses, for any other text
     */
    public static OrchestrationRuntimeStatus parse(String text) {
        for (OrchestrationRuntimeStatus s : values()) {
            if (s.name().equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown runtime status '" + text + "'; use one of "
                + java.util.Arrays.toString(values()));
    }
}
