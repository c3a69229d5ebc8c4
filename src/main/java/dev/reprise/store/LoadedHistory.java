package dev.reprise.store;

import dev.reprise.api.HistoryEvent;

import java.util.List;

/**
 * An instance's history as loaded.
 *
 * @param payloadBytes the stored size of those events, in characters of JSON, to enforce the history-size limit
 */
public record LoadedHistory(List<HistoryEvent> events, long payloadBytes) {
}
