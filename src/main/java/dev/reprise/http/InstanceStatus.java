package dev.reprise.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.api.FailureDetails;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/**
 * An instance as the status query returns it, in Durable Functions' shape; payloads are embedded as JSON.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record InstanceStatus(String name, String instanceId, String runtimeStatus,
                             @JsonRawValue @JsonInclude(JsonInclude.Include.ALWAYS) String input,
                             @JsonRawValue @JsonInclude(JsonInclude.Include.ALWAYS) String customStatus,
                             @JsonRawValue @JsonInclude(JsonInclude.Include.ALWAYS) String output,
                             FailureDetails failureDetails, Instant createdTime, Instant lastUpdatedTime,
                             List<JsonNode> historyEvents) {
}
