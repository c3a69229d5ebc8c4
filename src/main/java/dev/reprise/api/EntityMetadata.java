package dev.reprise.api;

import java.time.Instant;
import java.util.function.BiFunction;

/**
 * A snapshot of a durable entity, as durabletask-java's {@code EntityMetadata} (Durable Functions'
 * {@code EntityStateResponse} and {@code DurableEntityStatus}); it does not change when the entity moves on.
 */
public final class EntityMetadata {

    private final EntityInstanceId id;
    private final Instant lastModifiedTime;
    private final int backlogQueueSize;
    private final String lockedBy;
    private final String serializedState;
    private final BiFunction<String, Class<?>, Object> reader;

    /**
     * Built by the {@link DurableClient}; public so tests and adapters can build snapshots of their own.
     *
     * @param id               the entity's ID
     * @param lastModifiedTime when an operation last ran on it, by the engine's clock
     * @param backlogQueueSize operations waiting for it (due or scheduled), counted when read
     * @param lockedBy         the instance ID of the orchestration holding it in a critical section, or {@code null}
     * @param serializedState  its state as JSON text; {@code null} when not fetched or when it has none
     * @param reader           reads JSON text as a type ({@code null} text gives {@code null})
     */
    public EntityMetadata(EntityInstanceId id, Instant lastModifiedTime, int backlogQueueSize, String lockedBy,
                          String serializedState, BiFunction<String, Class<?>, Object> reader) {
        this.id = id;
        this.lastModifiedTime = lastModifiedTime;
        this.backlogQueueSize = backlogQueueSize;
        this.lockedBy = lockedBy;
        this.serializedState = serializedState;
        this.reader = reader;
    }

    /** The entity's ID. */
    public EntityInstanceId getEntityInstanceId() {
        return id;
    }

    /** When an operation last ran on the entity. */
    public Instant getLastModifiedTime() {
        return lastModifiedTime;
    }

    /** How many operations waited for the entity when it was read. */
    public int getBacklogQueueSize() {
        return backlogQueueSize;
    }

    /** The instance ID of the orchestration that holds the entity locked, or {@code null}. */
    public String getLockedBy() {
        return lockedBy;
    }

    /** The state as JSON text, or {@code null} (not fetched, or the entity has none). */
    public String getSerializedState() {
        return serializedState;
    }

    /**
     * The state read as {@code type}, or {@code null}.
     *
     * @throws IllegalArgumentException when the state does not fit {@code type}
     */
    public <T> T readStateAs(Class<T> type) {
        return type.cast(reader.apply(serializedState, type));
    }

    @Override
    public String toString() {
        return "EntityMetadata[" + id + ", lastModified " + lastModifiedTime + ", backlog " + backlogQueueSize
                + (lockedBy == null ? "" : ", locked by " + lockedBy) + ", state " + serializedState + "]";
    }
}
