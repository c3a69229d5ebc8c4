package dev.reprise.api;

import java.util.List;

/**
 * One page of an {@link InstanceQuery}.
 *
 * @param continuationToken pass it in the next query for the next page; {@code null} on the last page
 */
public record InstanceQueryResult(List<OrchestrationMetadata> instances, String continuationToken) {
}
