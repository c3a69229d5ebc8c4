package dev.reprise.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.reprise.api.FailureDetails;
import dev.reprise.api.HistoryEvent;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The stored form of history events and failure details (payload format 1: Jackson JSON). It has its own mapper so a
 * user's ObjectMapper customisation can never change how history reads back.
 */
@ApplicationScoped
public class HistoryCodec {

    /** Value of the {@code payload_format} column for rows this codec writes. */
    public static final short FORMAT_JSON_V1 = 1;

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public String encode(HistoryEvent event) {
        return write(event);
    }

    public HistoryEvent decode(String json) {
        try {
            return mapper.readValue(json, HistoryEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable history event: " + e.getOriginalMessage(), e);
        }
    }

    public String encodeFailure(FailureDetails failure) {
        return failure == null ? null : write(failure);
    }

    public FailureDetails decodeFailure(String json) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readValue(json, FailureDetails.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable failure details: " + e.getOriginalMessage(), e);
        }
    }

    /** The stored form of a message to an entity (payload format 1). */
    public String encodeMessage(EntityMessage message) {
        return write(message);
    }

    public EntityMessage decodeMessage(String json) {
        try {
            return mapper.readValue(json, EntityMessage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable entity message: " + e.getOriginalMessage(), e);
        }
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode " + value.getClass().getSimpleName(), e);
        }
    }
}
