package dev.reprise.api;

/**
 * Runtime status of an orchestration instance, spelled as in Durable Functions' HTTP API.
 */
public enum OrchestrationRuntimeStatus {
    Pending,
    Running,
    Completed,
    ContinuedAsNew,
    Failed,
    Terminated,
    Suspended;

    /** {@code true} for Completed, Failed and Terminated: nothing more will happen to the instance. */
    public boolean isTerminal() {
        return this == Completed || this == Failed || this == Terminated;
    }

    /** Parses a status name case-insensitively, or throws {@link IllegalArgumentException} naming the valid ones. */
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
