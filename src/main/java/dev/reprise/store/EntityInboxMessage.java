package dev.reprise.store;

import dev.reprise.history.EntityMessage;

import java.time.Instant;

/**
 * A message waiting for an entity, as loaded for its batch.
 *
 * @param id              the row id: messages run in this order
 * @param senderInstance  the sending orchestration's instance ID (an entity's ID for an entity's signal), or
 *                        {@code null} for a client
 * @param senderExecution the sending orchestration's execution ID, or {@code null}
 * @param senderRuns      for a lock request: whether the sending execution still runs (Running or Suspended); a
 *                        request of an execution that ended is dropped. {@code true} for other kinds
 */
public record EntityInboxMessage(long id, String entityId, EntityMessage message, String senderInstance,
                                 String senderExecution, Instant visibleAt, boolean senderRuns) {
}
