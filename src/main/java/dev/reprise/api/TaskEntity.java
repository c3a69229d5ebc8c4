package dev.reprise.api;

/**
 * An entity function: runs one operation on a durable entity's state, as Durable Functions' entity functions
 * (durabletask-java's {@code ITaskEntity}, durabletask-dotnet's {@code ITaskEntity}). Register one as a CDI bean (or
 * producer method) qualified with {@link Entity}; extend {@link AbstractTaskEntity} to write the operations as
 * methods instead.
 *
 * <p>The engine runs the operations waiting for one entity as a batch, one at a time, in the order each sender sent
 * them; the state changes, results and messages of the whole batch are committed together, so each operation is
 * applied exactly once. Operation code runs on a worker thread and may block briefly, but should only compute:
 * it holds the entity (and a worker thread) while it runs.
 */
@FunctionalInterface
public interface TaskEntity {

    /**
     * Runs one operation.
     *
     * @param operation its name, input, the entity's state and context
     * @return the result for a caller ({@link OrchestrationContext#callEntity}), serialized to JSON; ignored for a
     *         signal. May be {@code null}
     * @throws Exception anything thrown fails this operation only: its state changes and the messages it sent are
     *                   undone, a caller's task fails with the {@link FailureDetails}, and the entity goes on with its
     *                   next operation
     */
    Object run(TaskEntityOperation operation) throws Exception;
}
