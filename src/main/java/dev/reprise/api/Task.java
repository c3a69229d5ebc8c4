package dev.reprise.api;

/**
 * A durable step an orchestrator started: an activity call, a sub-orchestration, a durable timer or an external event
 * wait, as Durable Functions' {@code Task<T>}.
 *
 * @param <T> the result type
 */
public interface Task<T> {

    /**
     * Returns the task's result once its history holds it. When it does not yet, the orchestrator is suspended here
     * (through an {@link Error}, so an orchestrator's own {@code catch (Exception e)} does not intercept it) and replayed
     * from the start when the result arrives.
     *
     * @throws TaskFailedException   when the activity or sub-orchestration failed
     * @throws TaskCanceledException when a wait timed out
     */
    T await();

    /** {@code true} when the result (or failure) is already known in this replay. */
    boolean isDone();

    /** {@code true} when the task is done and ended in a failure or cancellation. */
    boolean isFailed();
}
