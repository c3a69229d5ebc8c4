package dev.reprise.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * One entity in the answer of {@code GET /entities[/{name}]}, in Durable Functions' shape
 * ({@code DurableEntityStatus}).
 *
 * @param entityId          the entity's name (lowercased) and key
 * @param lastOperationTime when an operation last ran on it
 * @param state             its state, embedded as JSON, only with {@code fetchState=true}
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EntityStatus(EntityIdView entityId, Instant lastOperationTime, JsonNode state) {

    /** An entity ID as Durable Functions writes it: {@code {"key": "steps", "name": "counter"}}. */
    @RegisterForReflection
    public record EntityIdView(String key, String name) {
    }
}
