package dev.reprise.http;

import dev.reprise.api.Names;
import dev.reprise.api.InstanceQuery;
import dev.reprise.api.InvalidRequestException;
import dev.reprise.api.OrchestrationNotFoundException;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.RepriseException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the query parameters of the management API as Durable Functions spells them; anything unreadable is an
 * {@link InvalidRequestException} (a 400) that names the parameter and shows a valid value.
 */
final class RequestParams {

    private RequestParams() {
    }

    /** {@code true}/{@code false} in any case; present without a value means {@code true}; absent the default. */
    static boolean flag(String value, String name, boolean defaultValue) {
        if (value == null) {
            return defaultValue;
        }
        if (value.isEmpty() || value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new InvalidRequestException(name + " must be true or false, was '" + value + "'");
    }

    /** Comma-separated runtime statuses, case-insensitive; empty for none given. */
    static List<OrchestrationRuntimeStatus> statuses(String csv) {
        List<OrchestrationRuntimeStatus> out = new ArrayList<>();
        if (csv == null || csv.isBlank()) {
            return out;
        }
        for (String part : csv.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                out.add(OrchestrationRuntimeStatus.parse(part));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("runtimeStatus: " + e.getMessage());
            }
        }
        return out;
    }

    /** An ISO-8601 time with offset, an instant, or a date (midnight UTC); {@code null} when absent. */
    static Instant time(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException notInstant) {
                try {
                    return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw new InvalidRequestException(name + " must be an ISO-8601 time such as "
                            + "2026-01-31T12:00:00Z or a date such as 2026-01-31, was '" + value + "'");
                }
            }
        }
    }

    /** The page size {@code top}; the range is checked by {@link InstanceQuery}. */
    static int pageSize(String top) {
        if (top == null || top.isBlank()) {
            return InstanceQuery.DEFAULT_PAGE_SIZE;
        }
        try {
            return Integer.parseInt(top.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("top must be a whole number from 1 to " + InstanceQuery.MAX_PAGE_SIZE
                    + ", was '" + top + "'");
        }
    }

    /**
     * 404 for a well-formed ID nobody has; 400 naming the problem for one no start request could have used. Checked
     * only once the lookup found nothing: the engine itself may create instances outside the rules (a
     * sub-orchestration's {@code <parent>:<n>} can pass 256 characters), and those stay reachable.
     */
    static RepriseException notFound(String instanceId) {
        try {
            Names.instanceId(instanceId);
        } catch (InvalidRequestException malformed) {
            return malformed;
        }
        return new OrchestrationNotFoundException(instanceId);
    }
}
