package dev.reprise.api;

/**
 * The state of the entity an operation runs on, as durabletask-java's {@code TaskEntityState}. It is held as JSON
 * between operations; changes become durable when the batch commits, and are undone if the operation throws.
 */
public interface TaskEntityState {

    /** {@code true} while the entity has a state: it exists. */
    boolean hasState();

    /**
     * The state read from its JSON as {@code type}, or {@code null} when the entity has none.
     *
     * @throws IllegalArgumentException when the stored state does not fit {@code type}, naming both
     */
    <T> T getState(Class<T> type);

    /**
     * Replaces the state; {@code null} deletes it, as {@link #deleteState()}.
     *
     * @throws IllegalArgumentException when {@code state} cannot be serialized to JSON
     */
    void setState(Object state);

    /** Deletes the state: the entity no longer exists for clients (its name and key may be used again). */
    void deleteState();
}
