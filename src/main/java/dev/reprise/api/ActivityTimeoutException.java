package dev.reprise.api;

/**
 * The failure type of an activity attempt that broke its {@link TaskOptions#withStartToCloseTimeout start-to-close}
 * or {@link TaskOptions#withHeartbeatTimeout heartbeat} timeout, as Temporal's {@code TimeoutFailure}. The engine
 * records it as the attempt's failure (never thrown in user code): the orchestrator sees a {@link TaskFailedException}
 * whose {@link FailureDetails#errorType()} is this class's name, and can test for it with
 * {@code getFailureDetails().isCausedBy(ActivityTimeoutException.class)}. It is retriable: the call's retry policy
 * decides whether another attempt follows.
 */
public class ActivityTimeoutException extends RepriseException {

    /** Which timeout the attempt broke. */
    public enum Kind {
        /** It ran longer than its start-to-close timeout. */
        START_TO_CLOSE,
        /** It went longer than its heartbeat timeout without a heartbeat. */
        HEARTBEAT
    }

    /** @param message what timed out, and after how long */
    public ActivityTimeoutException(String message) {
        super(message);
    }

    /**
     * The failure recorded for an attempt that timed out; the message names the activity, its task ID, the kind of
     * timeout and its length in milliseconds.
     */
    public static FailureDetails details(String activityName, int taskId, Kind kind, long timeoutMs) {
        String what = kind == Kind.START_TO_CLOSE
                ? "it ran longer than its start-to-close timeout of " + timeoutMs + " ms"
                : "it sent no heartbeat within its heartbeat timeout of " + timeoutMs + " ms";
        return FailureDetails.of(ActivityTimeoutException.class.getName(), "Activity '" + activityName + "' (task #"
                + taskId + ") timed out (" + kind + "): " + what + "; raise the timeout in its TaskOptions, or call "
                + "ActivityContext.heartbeat() more often", false);
    }
}
