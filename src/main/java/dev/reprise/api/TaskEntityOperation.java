package dev.reprise.api;

/**
 * One operation on a durable entity, as durabletask-java's {@code TaskEntityOperation} (Durable Functions'
 * {@code IDurableEntityContext}): its name and input, the entity's state and its context.
 */
public interface TaskEntityOperation {

    /** The operation's name as the sender wrote it; compare it ignoring case. */
    String getName();

    /**
     * The operation's input read from its JSON as {@code type} (property names ignoring case, as orchestration
     * inputs), or {@code null} when it was sent without one.
     *
     * @throws IllegalArgumentException when the input does not fit {@code type}, naming both
     */
    <T> T getInput(Class<T> type);

    /** {@code true} when the operation was sent with an input. */
    boolean hasInput();

    /** The entity's state: read, replace or delete it. */
    TaskEntityState getState();

    /** The entity's ID, and what an operation may send: signals to entities, new orchestrations. */
    TaskEntityContext getContext();
}
