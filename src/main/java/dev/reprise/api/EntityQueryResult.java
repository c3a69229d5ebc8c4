package dev.reprise.api;

import java.util.List;

/**
 * One page of an {@link EntityQuery}, as durabletask-java's {@code EntityQueryResult}.
 *
 * @param entities          at most the query's page size, ordered by entity ID
 * @param continuationToken text to pass, unchanged, in the next query for the next page; {@code null} on the last
 *                          page (as the HTTP API's {@code x-ms-continuation-token})
 */
public record EntityQueryResult(List<EntityMetadata> entities, String continuationToken) {
}
