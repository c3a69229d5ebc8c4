package dev.reprise.query;

import dev.reprise.api.InvalidRequestException;
import dev.reprise.api.OrchestrationRuntimeStatus;

import java.time.Instant;
import java.util.List;

/**
 * Which instances a query selects; every part is optional and the parts combine with AND.
 *
 * @param runtimeStatuses  any of these statuses; empty for all
 * @param name             exactly this orchestrator name, or {@code null}
 * @param createdFrom      created at or after, or {@code null}
 * @param createdTo        created at or before, or {@code null}
 * @param instanceIdPrefix instance IDs starting with this text, compared literally ({@code %} and {@code _} are no
 *                         wildcards), or {@code null}
 */
public record InstanceFilter(List<OrchestrationRuntimeStatus> runtimeStatuses, String name, Instant createdFrom,
                             Instant createdTo, String instanceIdPrefix) {

    /**
     * @throws InvalidRequestException when {@code createdFrom} is after {@code createdTo}: nothing could match
     */
    public InstanceFilter {
        runtimeStatuses = runtimeStatuses == null ? List.of() : List.copyOf(runtimeStatuses);
        name = name == null || name.isEmpty() ? null : name;
        instanceIdPrefix = instanceIdPrefix == null || instanceIdPrefix.isEmpty() ? null : instanceIdPrefix;
        if (createdFrom != null && createdTo != null && createdFrom.isAfter(createdTo)) {
            throw new InvalidRequestException("createdTimeFrom (" + createdFrom + ") is after createdTimeTo ("
                    + createdTo + ")");
        }
    }

    /** Every instance of the task hub. */
    public static InstanceFilter all() {
        return new InstanceFilter(List.of(), null, null, null, null);
    }

    /** The same filter without its statuses, for counting per status. */
    InstanceFilter anyStatus() {
        return new InstanceFilter(List.of(), name, createdFrom, createdTo, instanceIdPrefix);
    }
}
