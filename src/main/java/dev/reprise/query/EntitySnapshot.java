package dev.reprise.query;

import dev.reprise.api.EntityInstanceId;

import java.time.Instant;

/**
 * A durable entity as the query side read it.
 *
 * @param lastModified when an operation last ran on it, by the engine's clock
 * @param backlog      operations waiting for it (due or scheduled), counted when read
 * @param lockedBy     the instance ID of the orchestration holding it in a critical section, or {@code null}
 * @param stateLength  the length of its state's JSON text in characters, or {@code null} when it has no state
 * @param state        its state as JSON text; {@code null} when it has none or the query did not fetch it
 */
public record EntitySnapshot(EntityInstanceId id, Instant lastModified, int backlog, String lockedBy,
                             Integer stateLength, String state) {

    /** Whether the entity holds state (an entity without state does not exist for clients). */
    public boolean hasState() {
        return stateLength != null;
    }
}
