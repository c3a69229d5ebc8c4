package dev.reprise.api;

import java.time.Instant;
import java.util.List;

/**
 * A filter over orchestration instances, as Durable Functions' {@code OrchestrationStatusQueryCondition}. Results are
 * ordered by creation time; {@code continuationToken} continues a previous page.
 *
 * @param runtimeStatuses    statuses to include, empty for all
 * @param createdFrom        inclusive lower bound of the creation time, or {@code null}
 * @param createdTo          inclusive upper bound of the creation time, or {@code null}
 * @param instanceIdPrefix   only IDs starting with this, or {@code null}
 * @param pageSize           at most this many results, 1 to {@value #MAX_PAGE_SIZE}
 * @param continuationToken  from the previous page's result, or {@code null} for the first page
 * @param fetchInputsAndOutputs include input, output and custom status
 */
public record InstanceQuery(List<OrchestrationRuntimeStatus> runtimeStatuses, Instant createdFrom,
                            Instant createdTo, String instanceIdPrefix, int pageSize, String continuationToken,
                            boolean fetchInputsAndOutputs) {

    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 1000;

    public InstanceQuery {
        runtimeStatuses = runtimeStatuses == null ? List.of() : List.copyOf(runtimeStatuses);
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new InvalidRequestException("page size (top) must be between 1 and " + MAX_PAGE_SIZE + ", was "
                    + pageSize);
        }
        if (createdFrom != null && createdTo != null && createdFrom.isAfter(createdTo)) {
            throw new InvalidRequestException("createdTimeFrom (" + createdFrom + ") is after createdTimeTo ("
                    + createdTo + ")");
        }
    }

    /** Every instance, first page. */
    public static InstanceQuery all() {
        return new InstanceQuery(List.of(), null, null, null, DEFAULT_PAGE_SIZE, null, false);
    }
}
