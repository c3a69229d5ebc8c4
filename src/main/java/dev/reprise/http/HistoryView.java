package dev.reprise.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.api.HistoryEvent;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * An instance's history as the status route shows it ({@code showHistory=true}), in one of two {@link Format}s.
 */
@ApplicationScoped
class HistoryView {

    /** The shapes of {@code historyEvents}, chosen with the {@code historyFormat} query parameter. */
    enum Format {
        /** Durable Functions' shape, the default: see {@link DurableFunctionsHistory}. */
        DURABLE_FUNCTIONS("durable-functions"),
        /**
         * Every event as Reprise records it, for Reprise's own tools: one JSON object per event, its
         * {@code eventType} first, then its fields in camelCase; payloads embedded as JSON, or left out unless
         * {@code showHistoryOutput=true}.
         */
        REPRISE("reprise");

        /** How the query parameter spells it (any case). */
        final String parameterValue;

        Format(String parameterValue) {
            this.parameterValue = parameterValue;
        }
    }

    private static final List<String> PAYLOADS = List.of("input", "result");

    private final ObjectMapper mapper;
    private final DurableFunctionsHistory durableFunctions;

    HistoryView(ObjectMapper mapper) {
        this.mapper = mapper;
        this.durableFunctions = new DurableFunctionsHistory(mapper);
    }

    List<JsonNode> render(List<HistoryEvent> events, boolean withPayloads, Format format) {
        return format == Format.REPRISE ? reprise(events, withPayloads) : durableFunctions.render(events, withPayloads);
    }

    private List<JsonNode> reprise(List<HistoryEvent> events, boolean withPayloads) {
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
