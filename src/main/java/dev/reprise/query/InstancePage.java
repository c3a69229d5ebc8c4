package dev.reprise.query;

import java.util.List;

/**
 * One page of instances.
 *
 * @param instances         at most the page size, in the query's order
 * @param continuationToken opaque text that continues with the next page in the same order, or {@code null} on the
 *                          last page
 */
public record InstancePage(List<InstanceSnapshot> instances, String continuationToken) {
}
