package dev.reprise.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.reprise.replay.PayloadConverter;

import java.util.List;

/**
 * JSON payloads through Jackson, with the application's {@link ObjectMapper} (so user modules and settings apply).
 *
 * <p>Writing uses that mapper unchanged, so the JSON stored in history is the same as before and replays compare
 * equal. Reading is adapted for payloads that come from Durable Functions clients, which send .NET-shaped JSON
 * ({@code {"Conference": "KubeCon"}}):
 * <ul>
 *   <li>property names match ignoring case, as Durable Functions reads them (Json.NET, and the isolated worker's
 *       System.Text.Json set to {@code PropertyNameCaseInsensitive}); a type opts out with
 *       {@code @JsonFormat(without = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)}, and a type whose own
 *       property names differ only in case keeps exact matching;</li>
 *   <li>a property the type does not know is ignored, as there, unless it looks like a misspelling of one of the
 *       type's properties that was left empty (see {@link UnknownProperties}): then the read fails naming both,
 *       instead of the value going missing and failing later with a misleading message.</li>
 * </ul>
 */
public final class JacksonPayloadConverter implements PayloadConverter {

    private final ObjectMapper mapper;
    private final ObjectMapper reading;

    public JacksonPayloadConverter(ObjectMapper mapper) {
        this.mapper = mapper;
        // A copy has its own deserializer cache, so the application's mapper keeps matching names exactly.
        ObjectMapper copy = mapper.copy();
        copy.registerModule(new SimpleModule("reprise-payloads").setDeserializerModifier(new ExactNamesOnCollision()));
        copy.addHandler(new UnknownProperties());
        copy.setConfig(copy.getDeserializationConfig().with(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES));
        this.reading = copy;
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

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the text is not JSON, a value does not fit its property (the message
     *                                  gives the property's path, e.g. {@code /items/0/quantity}), or a property
     *                                  looks misspelt (the message names it and the property it resembles)
     */
    @Override
    public <T> T deserialize(String json, Class<T> type) {
        if (json == null || type == Void.class || type == void.class) {
            return null;
        }
        UnknownProperties.Found found = new UnknownProperties.Found();
        T value;
        try {
            value = reading.readerFor(type).withAttribute(UnknownProperties.SINK, found).readValue(json);
        } catch (UnrecognizedPropertyException e) {
            throw cannotRead(type, unrecognised(e), json, e);
        } catch (JsonMappingException e) {
            throw cannotRead(type, path(e) + e.getOriginalMessage(), json, e);
        } catch (JsonProcessingException e) {
            throw cannotRead(type, e.getOriginalMessage(), json, e);
        }
        if (!found.unknown.isEmpty()) {
            List<String> misspelt = UnknownProperties.misspellings(found, reading);
            if (!misspelt.isEmpty()) {
                throw cannotRead(type, String.join("; ", misspelt), json, null);
            }
        }
        return value;
    }

    /** When the application turned on FAIL_ON_UNKNOWN_PROPERTIES: every unknown property fails, named. */
    private static String unrecognised(UnrecognizedPropertyException e) {
        String type = e.getReferringClass() == null ? "the type" : e.getReferringClass().getSimpleName();
        List<String> known = UnknownProperties.names(e.getKnownPropertyIds());
        String meant = UnknownProperties.closest(e.getPropertyName(), known);
        return "property '" + e.getPropertyName() + "' is not recognised by " + type
                + (meant == null ? "" : ": " + UnknownProperties.hint(e.getPropertyName(), meant, type))
                + " (" + type + " reads " + known + ")";
    }

    /** "at /items/0/quantity: " for a failure inside a property, else nothing. */
    private static String path(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            pointer.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()));
        }
        return pointer.isEmpty() ? "" : "at " + pointer + ": ";
    }

    private static IllegalArgumentException cannotRead(Class<?> type, String why, String json, Exception cause) {
        return new IllegalArgumentException("Cannot read JSON as " + type.getName() + ": " + why + " (JSON: "
                + abbreviate(json) + ")", cause);
    }

    private static String abbreviate(String json) {
        return json.length() <= 200 ? json : json.substring(0, 200) + "...";
    }
}
