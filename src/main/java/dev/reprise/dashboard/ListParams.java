package dev.reprise.dashboard;

import dev.reprise.api.InstanceQuery;
import dev.reprise.api.InvalidRequestException;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.query.InstanceFilter;
import dev.reprise.query.InstanceOrder;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The instance list's query parameters as the filter form sends them: {@code status} (repeated), {@code name} and
 * {@code prefix} (taken as they are: a prefix of spaces is a prefix), {@code from} and {@code to} (a form's {@code datetime-local}, read as UTC, or an ISO-8601 time
 * with offset), {@code sort}, {@code size}, {@code page} (a continuation token). Anything unreadable is an
 * {@link InvalidRequestException} naming the field, as the management API's parameters are.
 */
record ListParams(List<OrchestrationRuntimeStatus> statuses, String name, String prefix, String from, String to,
                  String sort, int size, String page) {

    static final int DEFAULT_SIZE = 25;
    /** The sort choices: value, label, order. The first is the default. */
    static final List<Choice> SORTS = List.of(
            new Choice("created-desc", "Created, newest first", InstanceOrder.CREATED_DESC),
            new Choice("created-asc", "Created, oldest first", InstanceOrder.CREATED_ASC),
            new Choice("updated-desc", "Last updated, newest first", InstanceOrder.UPDATED_DESC),
            new Choice("updated-asc", "Last updated, oldest first", InstanceOrder.UPDATED_ASC));

    /** One sort choice of the form. */
    record Choice(String value, String label, InstanceOrder order) {
    }

    /** Reads the raw parameters; blank ones are absent. */
    static ListParams parse(List<String> status, String name, String prefix, String from, String to, String sort,
                            String size, String page) {
        List<OrchestrationRuntimeStatus> statuses = new ArrayList<>();
        for (String s : status == null ? List.<String>of() : status) {
            for (String part : s.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                try {
                    OrchestrationRuntimeStatus parsed = OrchestrationRuntimeStatus.parse(part);
                    if (!statuses.contains(parsed)) {
                        statuses.add(parsed);
                    }
                } catch (IllegalArgumentException e) {
                    throw new InvalidRequestException("status: " + e.getMessage());
                }
            }
        }
        String sortValue = blank(sort) ? SORTS.get(0).value() : sort.trim();
        if (SORTS.stream().noneMatch(c -> c.value().equals(sortValue))) {
            throw new InvalidRequestException("sort must be one of " + SORTS.stream().map(Choice::value).toList()
                    + ", was '" + sort + "'");
        }
        return new ListParams(List.copyOf(statuses), empty(name) ? null : name, empty(prefix) ? null : prefix,
                blank(from) ? null : from.trim(), blank(to) ? null : to.trim(), sortValue, size(size),
                blank(page) ? null : page);
    }

    /** The instance filter; fails with {@link InvalidRequestException} for an unreadable time or an empty window. */
    InstanceFilter filter() {
        return new InstanceFilter(statuses, name, time(from, "Created from"), time(to, "Created to"), prefix);
    }

    InstanceOrder order() {
        return SORTS.stream().filter(c -> c.value().equals(sort)).findFirst().orElseThrow().order();
    }

    /** These parameters as a query string (no {@code ?}), with the page token replaced by {@code pageToken}. */
    String query(String pageToken) {
        return query(statuses, pageToken);
    }

    /** The query string of the same filter for other statuses, from the first page. */
    String withStatuses(List<OrchestrationRuntimeStatus> other) {
        return query(other, null);
    }

    private String query(List<OrchestrationRuntimeStatus> shownStatuses, String pageToken) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("name", name);
        params.put("prefix", prefix);
        params.put("from", from);
        params.put("to", to);
        params.put("sort", sort);
        params.put("size", String.valueOf(size));
        params.put("page", pageToken);
        StringBuilder out = new StringBuilder();
        for (OrchestrationRuntimeStatus s : shownStatuses) {
            append(out, "status", s.name());
        }
        params.forEach((k, v) -> append(out, k, v));
        return out.toString();
    }

    private static void append(StringBuilder out, String name, String value) {
        if (value == null) {
            return;
        }
        if (!out.isEmpty()) {
            out.append('&');
        }
        out.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    static int size(String size) {
        if (blank(size)) {
            return DEFAULT_SIZE;
        }
        try {
            int n = Integer.parseInt(size.trim());
            if (n >= 1 && n <= InstanceQuery.MAX_PAGE_SIZE) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidRequestException("size must be a whole number from 1 to " + InstanceQuery.MAX_PAGE_SIZE
                + ", was '" + size + "'");
    }

    /** A form's {@code datetime-local} value (no offset: UTC), or an ISO-8601 time with offset. */
    private static Instant time(String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException local) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException offset) {
                throw new InvalidRequestException(field + " must be a time such as 2026-01-31T12:00 (UTC) or "
                        + "2026-01-31T12:00:00+02:00, was '" + value + "'");
            }
        }
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
