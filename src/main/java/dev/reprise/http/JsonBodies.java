package dev.reprise.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.reprise.api.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;

/**
 * Request bodies of the management API: JSON, exactly one value. A body declared as another type answers 415 rather
 * than being guessed at; a body without a {@code Content-Type} is read as JSON.
 */
@ApplicationScoped
class JsonBodies {

    /** Reads a whole body as one JSON value: {@code {"a":1} junk} is refused, not read as {@code {"a":1}}. */
    private final ObjectReader strictReader;

    JsonBodies(ObjectMapper mapper) {
        this.strictReader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * The body as one JSON value, {@code null} for none.
     *
     * @param what names the body in the error message, e.g. "orchestration input"
     * @throws UnsupportedMediaTypeException for a body declared as another type than JSON
     * @throws InvalidRequestException       for text that is not exactly one JSON value
     */
    JsonNode read(String contentType, String body, String what) {
        requireJson(contentType, body);
        return parse(body, what);
    }

    /** Stored JSON text (an input the engine kept), parsed the same way. */
    JsonNode parse(String text, String what) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return strictReader.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("The " + what + " is not valid JSON: " + e.getOriginalMessage()
                    + ". Send a JSON value, e.g. {\"city\":\"Tokyo\"} or \"text\" (with the quotes).");
        }
    }

    /**
     * The usual cause of a refusal is {@code curl -d} without {@code -H 'Content-Type: application/json'}, which sends
     * {@code application/x-www-form-urlencoded}. A body without a {@code Content-Type} (or with the meaningless
     * {@code *}{@code /*}), and a request without a body, are fine.
     */
    private static void requireJson(String contentType, String body) {
        if (body == null || body.isEmpty() || contentType == null) {
            return;
        }
        String declared = contentType.split(";", 2)[0].trim();
        if (declared.isEmpty() || declared.equals("*/*") || isJson(declared)) {
            return;
        }
        String hint = declared.equalsIgnoreCase("application/x-www-form-urlencoded")
                ? " That is what curl -d sends unless told otherwise: add -H 'Content-Type: application/json'."
                : "";
        throw new UnsupportedMediaTypeException("Send the body as application/json (or text/json, "
                + "application/*+json); it was declared as '" + declared + "'." + hint);
    }

    /** {@code application/json}, {@code text/json} or {@code application/*+json}, with any parameters. */
    private static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.equals("text/json")
                || (type.startsWith("application/") && type.endsWith("+json"));
    }
}
