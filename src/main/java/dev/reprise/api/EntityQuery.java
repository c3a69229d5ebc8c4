package dev.reprise.api;

import java.time.Instant;

/**
 * A filter over durable entities for {@link DurableClient#queryEntities}, as durabletask-java's {@code EntityQuery}
 * (Durable Functions' {@code EntityQuery}). Results are ordered by entity ID; {@code continuationToken} continues a
 * previous page.
 *
 * @param instanceIdStartsWith only entity IDs starting with this text: {@code "@counter@"} for every Counter,
 *                             {@code "@counter@s"} for Counters whose key starts with {@code s}; a text without a
 *                             leading {@code @} is read as a name prefix ({@code "count"} means {@code "@count"}),
 *                             lowercased up to its second {@code @}; {@code null} for all
 * @param lastModifiedFrom     inclusive lower bound of the last operation's time, or {@code null}
 * @param lastModifiedTo       inclusive upper bound of the last operation's time, or {@code null}
 * @param includeState         include each entity's state
 * @param includeTransient     include entities without state (they only hold waiting operations or a lock)
 * @param pageSize             at most this many results, 1 to {@value InstanceQuery#MAX_PAGE_SIZE}
 * @param continuationToken    the previous page's token, unchanged, or {@code null} for the first page
 */
public record EntityQuery(String instanceIdStartsWith, Instant lastModifiedFrom, Instant lastModifiedTo,
                          boolean includeState, boolean includeTransient, int pageSize, String continuationToken) {

    /**
     * @throws InvalidRequestException when {@code pageSize} is outside 1 to {@value InstanceQuery#MAX_PAGE_SIZE}, or
     *                                 {@code lastModifiedFrom} is after {@code lastModifiedTo}
     */
    public EntityQuery {
        if (pageSize < 1 || pageSize > InstanceQuery.MAX_PAGE_SIZE) {
            throw new InvalidRequestException("page size (top) must be between 1 and " + InstanceQuery.MAX_PAGE_SIZE
                    + ", was " + pageSize);
        }
        if (lastModifiedFrom != null && lastModifiedTo != null && lastModifiedFrom.isAfter(lastModifiedTo)) {
            throw new InvalidRequestException("lastOperationTimeFrom (" + lastModifiedFrom
                    + ") is after lastOperationTimeTo (" + lastModifiedTo + ")");
        }
        if (instanceIdStartsWith != null && !instanceIdStartsWith.startsWith("@")) {
            instanceIdStartsWith = "@" + instanceIdStartsWith;
        }
        if (instanceIdStartsWith != null) {
            int second = instanceIdStartsWith.indexOf('@', 1);
            String name = second < 0 ? instanceIdStartsWith : instanceIdStartsWith.substring(0, second);
            instanceIdStartsWith = name.toLowerCase(java.util.Locale.ROOT)
                    + (second < 0 ? "" : instanceIdStartsWith.substring(second));
        }
    }

    /** Every entity of one name, with state, first page of {@value InstanceQuery#DEFAULT_PAGE_SIZE}. */
    public static EntityQuery ofName(String name) {
        return new EntityQuery("@" + Names.entityName(name) + "@", null, null, true, false,
                InstanceQuery.DEFAULT_PAGE_SIZE, null);
    }
}
