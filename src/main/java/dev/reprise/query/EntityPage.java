package dev.reprise.query;

import java.util.List;

/**
 * One page of entities.
 *
 * @param entities          at most the page size, ordered by entity ID
 * @param continuationToken opaque text that continues with the next page, or {@code null} on the last page
 */
public record EntityPage(List<EntitySnapshot> entities, String continuationToken) {
}
