package dev.reprise.query;

import dev.reprise.api.EntityQuery;
import dev.reprise.api.InvalidRequestException;

import java.time.Instant;

/**
 * Which entities a query selects; every part is optional and the parts combine with AND.
 *
 * @param idPrefix         entity IDs ({@code @name@key}) starting with this text, compared literally ({@code %} and
 *                         {@code _} are no wildcards): {@code "@counter@"} for every Counter; {@code null} for all
 * @param keyPrefix        keys starting with this text, whatever the name, compared literally, or {@code null}
 * @param lastModifiedFrom last operation at or after, or {@code null}
 * @param lastModifiedTo   last operation at or before, or {@code null}
 * @param includeTransient include entities without state (they only hold waiting operations or a lock)
 */
public record EntityFilter(String idPrefix, String keyPrefix, Instant lastModifiedFrom, Instant lastModifiedTo,
                           boolean includeTransient) {

    /**
     * @throws InvalidRequestException when {@code lastModifiedFrom} is after {@code lastModifiedTo}: nothing could
     *                                 match
     */
    public EntityFilter {
        idPrefix = idPrefix == null || idPrefix.isEmpty() ? null : idPrefix;
        keyPrefix = keyPrefix == null || keyPrefix.isEmpty() ? null : keyPrefix;
        if (lastModifiedFrom != null && lastModifiedTo != null && lastModifiedFrom.isAfter(lastModifiedTo)) {
            throw new InvalidRequestException("lastOperationTimeFrom (" + lastModifiedFrom
                    + ") is after lastOperationTimeTo (" + lastModifiedTo + ")");
        }
    }

    /** The filter of a client's {@link EntityQuery} (its ID prefix already normalised by the query). */
    public static EntityFilter of(EntityQuery query) {
        return new EntityFilter(query.instanceIdStartsWith(), null, query.lastModifiedFrom(), query.lastModifiedTo(),
                query.includeTransient());
    }
}
