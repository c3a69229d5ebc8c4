package dev.reprise.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.reprise.api.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads the JSON a form field holds (event data, an operation's input) as the management API reads a JSON body: one
 * value, nothing after it. Also indents stored JSON for reading.
 */
@ApplicationScoped
class FormJson {

    private final ObjectMapper mapper;
    private final ObjectReader strict;

    FormJson(ObjectMapper mapper) {
        this.mapper = mapper;
        this.strict = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Text as one JSON value, {@code null} for none (blank).
     *
     * @param what names the field in the message, e.g. {@code "event data"}
     * @throws InvalidRequestException for anything else, with the parser's reason and an example
     */
    JsonNode read(String text, String what) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return strict.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("The " + what + " is not valid JSON: " + e.getOriginalMessage()
                    + ". Send a JSON value, e.g. {\"approved\":true} or \"text\" (with the quotes).");
        }
    }

    /** A stored payload indented for reading, {@code null} for none; text that is somehow not JSON is shown as is. */
    String pretty(String json) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(json));
        } catch (JsonProcessingException e) {
            return json;
        }
    }
}
