package dev.reprise.query;

import dev.reprise.api.OrchestrationRuntimeStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** How many instances of a filter have one runtime status: a row of a {@code group by runtimeStatus} query. */
@RegisterForReflection
public record StatusCount(OrchestrationRuntimeStatus runtimeStatus, long count) {
}
