package dev.reprise.api;

/**
 * Thrown by {@link Task#await()} when an activity or sub-orchestration failed, as Durable Functions'
 * {@code TaskFailedException}. An orchestrator may catch it to compensate or fall back; left uncaught, it fails the
 * orchestration instance with {@link #getFailureDetails()} as the cause.
 */
public class TaskFailedException extends RepriseException {

    private final String taskName;
    private final int taskId;
    private final FailureDetails failureDetails;

    /**
     * The message names the task, its task ID and the failure's type and message.
     *
     * @param taskName       the activity's or sub-orchestrator's name
     * @param taskId         the task ID of the call that failed
     * @param failureDetails what the failed function reported; not {@code null}
     */
    public TaskFailedException(String taskName, int taskId, FailureDetails failureDetails) {
        super("Task '" + taskName + "' (#" + taskId + ") failed: " + failureDetails.errorType() + ": "
                + failureDetails.errorMessage());
        this.taskName = taskName;
        this.taskId = taskId;
        this.failureDetails = failureDetails;
    }

    /** Name of the activity or sub-orchestration that failed. */
    public String getTaskName() {
        return taskName;
    }

    /** The task ID of the failed call within its execution (its last attempt's, after retries). */
    public int getTaskId() {
        return taskId;
    }

    /** What the failed function reported. */
    public FailureDetails getFailureDetails() {
        return failureDetails;
    }
}
