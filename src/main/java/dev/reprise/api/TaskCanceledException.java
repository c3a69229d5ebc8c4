package dev.reprise.api;

/**
 * Thrown by {@link Task#await()} when a wait ended without a result, for instance when
 * {@link OrchestrationContext#waitForExternalEvent(String, java.time.Duration, Class)} reached its timeout (as Durable
 * Functions throws {@code TimeoutException} from {@code WaitForExternalEvent}; the name is durabletask-java's). The
 * orchestrator may catch it to take another path; left uncaught, it fails the instance.
 */
public class TaskCanceledException extends RepriseException {

    private final String taskName;

    /**
     * @param message  what was waited for and for how long
     * @param taskName the name of the event or task waited for
     */
    public TaskCanceledException(String message, String taskName) {
        super(message);
        this.taskName = taskName;
    }

    /** Name of the event or task that was waited for. */
    public String getTaskName() {
        return taskName;
    }
}
