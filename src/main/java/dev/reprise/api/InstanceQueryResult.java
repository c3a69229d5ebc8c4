package dev.reprise.api;

import java.util.List;

/**
 * One page of an {@link InstanceQuery}, as durabletask-java's {@code OrchestrationStatusQueryResult}.
 *
 * @param instances         at most the query's page size, in creation order, then instance ID; payloads only when
 *                          the query fetched them
 * @param continuationToken opaque text to pass, unchanged, in the next query for the next page; {@code null} on the
 *                          last page (as the HTTP API's {@code x-ms-continuation-token})
 */
public record InstanceQueryResult(List<OrchestrationMetadata> instances, String continuationToken) {
}
