package dev.reprise.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Notes the JSON properties a type does not recognise while one payload is read, and finds among them the ones that
 * were most likely meant for one of the type's own properties: a name that differs only in case, in {@code _} or
 * {@code -}, or by one or two letters, while that property was left empty. Such a property is not extra data (which
 * is ignored, as in Durable Functions); it is a misspelling that would otherwise surface later as a misleading
 * business error ("No conference given").
 */
final class UnknownProperties extends DeserializationProblemHandler {

    /** One property a type did not recognise; {@code owner} is the object read, or its class if none was built. */
    record Unknown(Object owner, String name, List<String> known) {
    }

    /** The unknown properties of one read: the reader attribute {@link #SINK} holds it. */
    static final class Found {
        final List<Unknown> unknown = new ArrayList<>(0);
    }

    /** Reader attribute key under which {@link Found} travels with one read. */
    static final Class<Found> SINK = Found.class;

    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                         Object beanOrClass, String propertyName) {
        if (ctxt.getAttribute(SINK) instanceof Found found) {
            found.unknown.add(new Unknown(beanOrClass, propertyName, names(deserializer.getKnownPropertyNames())));
        }
        // Not handled: Jackson skips the property, or fails when the application enabled FAIL_ON_UNKNOWN_PROPERTIES.
        return false;
    }

    /** One sentence per unknown property that looks like a misspelling of an empty property; empty if none. */
    static List<String> misspellings(Found found, ObjectMapper mapper) {
        List<String> out = new ArrayList<>(0);
        Map<Object, JsonNode> read = new IdentityHashMap<>();
        for (Unknown u : found.unknown) {
            String meant = closest(u.name(), u.known());
            if (meant == null || u.owner() instanceof Class<?> || !isEmpty(read, mapper, u.owner(), meant)) {
                continue;
            }
            String type = u.owner().getClass().getSimpleName();
            out.add("property '" + u.name() + "' is not recognised and '" + meant + "' is empty: "
                    + hint(u.name(), meant, type) + " (" + type + " reads " + u.known() + ")");
        }
        return out;
    }

    /** What to do about {@code name} when {@code meant} is the type's property it resembles. */
    static String hint(String name, String meant, String type) {
        return name.equalsIgnoreCase(meant)
                ? "the names differ only in case, and " + type + " matches property names exactly; send '" + meant + "'"
                : "did you mean '" + meant + "'?";
    }

    /**
     * The known property {@code name} most likely stands for, or {@code null}: equal but for case, {@code _} and
     * {@code -}, or at most 1 edit away (2 for names of 8 letters or more; none under 4 letters).
     */
    static String closest(String name, Collection<String> known) {
        String squashed = squash(name);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            String other = squash(candidate);
            int allowed = other.length() >= 8 ? 2 : other.length() >= 4 ? 1 : 0;
            int distance = distance(squashed, other, allowed);
            if (distance <= allowed && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    static List<String> names(Collection<Object> ids) {
        List<String> names = new ArrayList<>(ids == null ? 0 : ids.size());
        if (ids != null) {
            ids.forEach(id -> names.add(String.valueOf(id)));
        }
        return names;
    }

    /** The property holds nothing a sender could have meant: absent, {@code null}, zero or {@code false}. */
    private static boolean isEmpty(Map<Object, JsonNode> read, ObjectMapper mapper, Object owner, String property) {
        JsonNode tree = read.computeIfAbsent(owner, o -> {
            try {
                return mapper.valueToTree(o);
            } catch (IllegalArgumentException e) {
                return null; // cannot tell what the object holds: treat the unknown property as extra data
            }
        });
        if (tree == null || !tree.has(property)) {
            return false;
        }
        JsonNode value = tree.get(property);
        return value.isNull() || (value.isNumber() && value.asDouble() == 0) || (value.isBoolean() && !value.asBoolean());
    }

    private static String squash(String name) {
        return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    /** Optimal-string-alignment distance (insertions, deletions, substitutions, adjacent swaps), capped above max. */
    private static int distance(String a, String b, int max) {
        if (Math.abs(a.length() - b.length()) > max) {
            return max + 1;
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
