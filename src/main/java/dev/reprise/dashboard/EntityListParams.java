package dev.reprise.dashboard;

import dev.reprise.api.InvalidRequestException;
import dev.reprise.api.Names;
import dev.reprise.query.EntityFilter;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The entity list's query parameters as its filter form sends them: {@code name} (an entity name, any case),
 * {@code key} (a key prefix, taken as it is), {@code all} (also entities without state), {@code size} and
 * {@code page} (a continuation token). Anything unreadable is an {@link InvalidRequestException} naming the field.
 *
 * @param name the entity name, lowercased as entity IDs keep it, or {@code null} for every name
 */
record EntityListParams(String name, String key, boolean all, int size, String page) {

    /** Reads the raw parameters; blank ones are absent. */
    static EntityListParams parse(String name, String key, String all, String size, String page) {
        String entityName = null;
        if (name != null && !name.isBlank()) {
            entityName = Names.entityName(name.trim()).toLowerCase(Locale.ROOT);
        }
        return new EntityListParams(entityName, key == null || key.isEmpty() ? null : key, flag(all),
                ListParams.size(size), page == null || page.isBlank() ? null : page);
    }

    /**
     * The filter: with a name, the IDs starting {@code @name@} followed by the key prefix (so the database's ID order
     * serves it); without one, the key prefix over every name.
     */
    EntityFilter filter() {
        if (name != null) {
            return new EntityFilter("@" + name + "@" + (key == null ? "" : key), null, null, null, all);
        }
        return new EntityFilter(null, key, null, null, all);
    }

    /** These parameters as a query string (no {@code ?}), with the page token replaced by {@code pageToken}. */
    String query(String pageToken) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("name", name);
        params.put("key", key);
        params.put("all", all ? "true" : null);
        params.put("size", String.valueOf(size));
        params.put("page", pageToken);
        StringBuilder out = new StringBuilder();
        params.forEach((k, v) -> {
            if (v != null) {
                out.append(out.isEmpty() ? "" : "&").append(k).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return out.toString();
    }

    private static boolean flag(String value) {
        if (value == null || value.isBlank() || value.equals("false")) {
            return false;
        }
        if (value.equals("true") || value.equals("on")) {
            return true;
        }
        throw new InvalidRequestException("all must be true or false, was '" + value + "'");
    }
}
