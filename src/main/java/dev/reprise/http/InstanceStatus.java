package dev.reprise.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.api.FailureDetails;
import dev.reprise.api.OrchestrationMetadata;
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
                             @Schema(description = "With showHistory=true: the history in Durable Functions' shape "
                                     + "(PascalCase fields: EventType, Timestamp, FunctionName, ScheduledTime, "
                                     + "Result, Reason, Details...; each completion merged with the event that "
                                     + "scheduled it; OrchestratorStarted/OrchestratorCompleted left out). With "
                                     + "historyFormat=reprise as well: every history event as Reprise records it "
                                     + "(camelCase, eventType first).")
                             List<JsonNode> historyEvents,
                             @Schema(description = "The orchestration version the instance was started with "
                                     + "(orchestration versioning); absent when it has none")
                             String version) {

    /** The status of {@code m}; its input only when {@code showInput}, its history when not {@code null}. */
    static InstanceStatus of(OrchestrationMetadata m, boolean showInput, List<JsonNode> history) {
        return new InstanceStatus(m.getName(), m.getInstanceId(), m.getRuntimeStatus().name(),
                showInput ? m.getSerializedInput() : null, m.getSerializedCustomStatus(), m.getSerializedOutput(),
                m.getFailureDetails(), m.getCreatedAt(), m.getLastUpdatedAt(), history,
                m.getVersion() == null || m.getVersion().isEmpty() ? null : m.getVersion());
    }
}
