package dev.reprise.store;

import dev.reprise.api.HistoryEvent;

import java.time.Instant;

/**
 * A new event waiting for an orchestration instance.
 *
 * @param id          the message's row id (0 before it is stored)
 * @param executionId the execution it belongs to, or {@code null} for whichever is current
 * @param visibleAt   when it may be processed: now for most messages, the due time for a durable timer
 */
public record InboxMessage(long id, String instanceId, String executionId, HistoryEvent event, Instant visibleAt) {

    public static InboxMessage toSend(String instanceId, String executionId, HistoryEvent event, Instant visibleAt) {
        return new InboxMessage(0, instanceId, executionId, event, visibleAt);
    }
}
