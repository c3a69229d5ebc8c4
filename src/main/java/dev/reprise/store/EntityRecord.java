package dev.reprise.store;

import dev.reprise.api.EntityInstanceId;

/**
 * An entity as a dispatcher claimed it.
 *
 * @param id                the entity's ID
 * @param state             its state as JSON text, or {@code null} when it has none
 * @param lockedBy          the instance ID of the orchestration execution holding it in a critical section, or
 *                          {@code null}
 * @param lockedByExecution that execution's ID, or {@code null}
 * @param version           how many batches were committed for it: the commit applies only if it is still this
 */
public record EntityRecord(EntityInstanceId id, String state, String lockedBy, String lockedByExecution,
                           long version) {
}
