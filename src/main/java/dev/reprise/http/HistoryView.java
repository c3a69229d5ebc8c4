package dev.reprise.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.api.HistoryEvent;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * An instance's history as the status route shows it ({@code showHistory=true}): one JSON object per event, its
 * {@code eventType} first, payloads embedded as JSON, or left out unless {@code showHistoryOutput=true}.
 */
@ApplicationScoped
class HistoryView {

    private static final List<String> PAYLOADS = List.of("input", "result");

    private final ObjectMapper mapper;

    HistoryView(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    List<JsonNode> render(List<HistoryEvent> events, boolean withPayloads) {
        List<JsonNode> out = new ArrayList<>(events.size());
        for (HistoryEvent e : events) {
            ObjectNode node = mapper.valueToTree(e);
            node.remove("type");
            ObjectNode shown = mapper.createObjectNode().put("eventType", e.eventType());
            shown.setAll(node);
            for (String payload : PAYLOADS) {
                JsonNode text = shown.get(payload);
                if (text == null) {
                    continue;
                }
                if (!withPayloads) {
                    shown.remove(payload);
                } else if (text.isTextual()) {
                    shown.set(payload, embedded(text.asText()));
                }
            }
            out.add(shown);
        }
        return out;
    }

    /** Stored payloads are JSON text the engine wrote itself. */
    private JsonNode embedded(String json) {
        try {
            return mapper.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("A stored payload is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
