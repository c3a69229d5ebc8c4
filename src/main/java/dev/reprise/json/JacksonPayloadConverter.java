package dev.reprise.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.replay.PayloadConverter;

/**
 * JSON payloads through Jackson, with the application's {@link ObjectMapper} (so user modules and settings apply).
 */
public final class JacksonPayloadConverter implements PayloadConverter {

    private final ObjectMapper mapper;

    public JacksonPayloadConverter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public String serialize(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialize " + value.getClass().getName() + " to JSON: "
                    + e.getOriginalMessage() + ". Use a record, a POJO with getters, or a collection of those.", e);
        }
    }

    @Override
    public <T> T deserialize(String json, Class<T> type) {
        if (json == null || type == Void.class || type == void.class) {
            return null;
        }
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot read JSON as " + type.getName() + ": "
                    + e.getOriginalMessage() + " (JSON: " + abbreviate(json) + ")", e);
        }
    }

    private static String abbreviate(String json) {
        return json.length() <= 200 ? json : json.substring(0, 200) + "...";
    }
}
