package dev.reprise.api;

import java.time.Instant;
import java.util.List;

/**
 * A filter over orchestration instances for {@link DurableClient#queryInstances}, as Durable Functions'
 * {@code OrchestrationStatusQueryCondition} (durabletask-java's {@code OrchestrationStatusQuery}). Results are
 * ordered by creation time, then instance ID; {@code continuationToken} continues a previous page.
 *
 * @param runtimeStatuses       statuses to include; {@code null} or empty for all
 * @param createdFrom           inclusive lower bound of the creation time, or {@code null}
 * @param createdTo             inclusive upper bound of the creation time, or {@code null}
 * @param instanceIdPrefix      only IDs starting with this text, compared literally (no wildcards), or {@code null}
 * @param pageSize              at most this many results, 1 to {@value #MAX_PAGE_SIZE}
 * @param continuationToken     the previous page's {@link InstanceQueryResult#continuationToken()}, unchanged, or
 *                              {@code null} (or blank) for the first page
 * @param fetchInputsAndOutputs include input, output and custom status; without it they are {@code null}, which keeps
 *                              pages small
 */
public record InstanceQuery(List<OrchestrationRuntimeStatus> runtimeStatuses, Instant createdFrom,
                            Instant createdTo, String instanceIdPrefix, int pageSize, String continuationToken,
                            boolean fetchInputsAndOutputs) {

    /** Page size of {@link #all()} and of {@code GET /instances} without {@code top}, as durabletask-java's. */
    public static final int DEFAULT_PAGE_SIZE = 100;

    /** Largest page size: one page is one query and one response, so it is bounded. */
    public static final int MAX_PAGE_SIZE = 1000;

    /**
     * Copies {@code runtimeStatuses} (so a later change to the caller's list does not change the query).
     *
     * @throws InvalidRequestException when {@code pageSize} is outside 1 to {@value #MAX_PAGE_SIZE}, or
     *                                 {@code createdFrom} is after {@code createdTo}
     * @throws NullPointerException    when {@code runtimeStatuses} holds {@code null}
     */
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

    /** Every instance: the first page of {@value #DEFAULT_PAGE_SIZE}, without payloads. */
    public static InstanceQuery all() {
        return new InstanceQuery(List.of(), null, null, null, DEFAULT_PAGE_SIZE, null, false);
    }
}
