package dev.reprise.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.api.FailureDetails;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * An instance as the status query returns it, in Durable Functions' shape; payloads are embedded as JSON.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record InstanceStatus(String name, String instanceId,
                             @Schema(description = "Pending, Running, Completed, ContinuedAsNew, Failed, Terminated "
                                     + "or Suspended") String runtimeStatus,
                             @Schema(ref = "AnyJson", description = "The input, as JSON; null when "
                                     + "hidden or none")
                             @JsonRawValue @JsonInclude(JsonInclude.Include.ALWAYS) String input,
                             @Schema(ref = "AnyJson", description = "The custom status the "
                                     + "orchestrator set, as JSON, or null")
                             @JsonRawValue @JsonInclude(JsonInclude.Include.ALWAYS) String customStatus,
                             @Schema(ref = "AnyJson", description = "The output once Completed (the "
                                     + "reason once Terminated), as JSON, or null")
                             @JsonRawValue @JsonInclude(JsonInclude.Include.ALWAYS) String output,
                             FailureDetails failureDetails, Instant createdTime, Instant lastUpdatedTime,
                             @Schema(description = "With showHistory: the history events, each with its eventType")
                             List<JsonNode> historyEvents) {
}
