package dev.reprise.api;

/**
 * A durable step an orchestrator started: an activity call, a sub-orchestration, a durable timer, an external event
 * wait, or {@link OrchestrationContext#allOf}/{@link OrchestrationContext#anyOf} of those, as Durable Functions'
 * {@code Task<T>} (durabletask-java's {@code Task<V>}).
 *
 * @param <T> the result type
 */
public interface Task<T> {

    /**
     * Returns the task's result once history holds it. When it does not yet, the step ends here and the code
     * continues when a later step brings the result, in one of two ways the code cannot tell apart:
     * <ul>
     *   <li>in an extended session (see {@code reprise.orchestrations.sessions}), the code stays parked in this call
     *       on a thread of its own and simply returns when the result arrives, in the same process;</li>
     *   <li>otherwise (sessions off, a history shorter than {@code reprise.orchestrations.session-min-history},
     *       the next step runs on another replica or after a restart), the code is unwound through an {@link Error}
     *       and replayed from the start against history when the result arrives. A parked session that is closed
     *       (evicted, or its step not committed) unwinds its code the same way.</li>
     * </ul>
     * Either way the code sees the same results, in the same order, as if it had been replayed: that is what it may
     * rely on. Work done outside the context (a plain logger, I/O, static state) may run again on a replay, or may
     * not; keep it in activities and use {@link OrchestrationContext#getReplaySafeLogger}. The unwinding signal is an
     * {@code Error} so that {@code catch (Exception e)} lets it pass; never catch {@code Throwable} or {@code Error}
     * in orchestrator code.
     *
     * @return the result read from its JSON as the task's result type ({@code null} for {@code Void} and for a JSON
     *         {@code null}); for {@code allOf}, the results in the order of its tasks; for {@code anyOf}, the task
     *         that finished first
     * @throws TaskFailedException   when the activity or sub-orchestration failed and no retry remains (for
     *                               {@code allOf}, the first failure in the order of its tasks)
     * @throws TaskCanceledException when an external event wait timed out
     * @throws IllegalArgumentException when the result's JSON cannot be read as the result type
     */
    T await();

    /** {@code true} when the result (or failure) is already known at this point of the replay; never waits. */
    boolean isDone();

    /** {@code true} when the task is done and ended in a failure or cancellation: {@link #await()} would throw. */
    boolean isFailed();
}
