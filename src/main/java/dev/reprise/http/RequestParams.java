package dev.reprise.http;

import dev.reprise.api.Names;
import dev.reprise.api.InstanceQuery;
import dev.reprise.api.InvalidRequestException;
import dev.reprise.api.OrchestrationNotFoundException;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.RepriseException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the query parameters of the management API as Durable Functions spells them; anything unreadable is an
 * {@link InvalidRequestException} (a 400) that names the parameter and shows a valid value.
 */
final class RequestParams {

    /** Longest wait a start may ask for with {@code timeout}, in seconds: beyond it the caller should poll. */
    static final long MAX_WAIT_SECONDS = 3600;
    /**
     * Shortest {@code pollingInterval} honoured: a shorter one is read as this. Only instances finished by another
     * replica are seen by polling (a completion in this process ends the wait at once), so polling faster would cost
     * the database more than it saves the caller.
     */
    static final Duration MIN_POLLING_INTERVAL = Duration.ofMillis(100);
    private static final BigDecimal ONE_MILLISECOND = new BigDecimal("0.001");

    /**
     * How long a start waits for its instance to finish ({@code timeout}) and how often it reads the store meanwhile
     * ({@code pollingInterval}, {@code null} for {@code reprise.polling-interval}). A class, not a record:
     * NativeImageConfigIT reads every record of this package as a type Jackson serialises, which this is not.
     */
    static final class Wait {
        final Duration timeout;
        final Duration pollingInterval;

        Wait(Duration timeout, Duration pollingInterval) {
            this.timeout = timeout;
            this.pollingInterval = pollingInterval;
        }
    }

    private RequestParams() {
    }

    /**
     * The {@code timeout} and {@code pollingInterval} of a start, in seconds as Durable Functions' start route reads
     * them; {@code null} when no {@code timeout} is given (answer at once).
     */
    static Wait startWait(String timeout, String pollingInterval) {
        Duration wait = seconds(timeout, "timeout");
        Duration poll = seconds(pollingInterval, "pollingInterval");
        if (wait == null) {
            return null;
        }
        if (poll != null && poll.compareTo(wait) > 0) {
            throw new InvalidRequestException("pollingInterval (" + pollingInterval + " s) must not be longer than "
                    + "timeout (" + timeout + " s)");
        }
        return new Wait(wait, poll == null || poll.compareTo(MIN_POLLING_INTERVAL) >= 0 ? poll
                : MIN_POLLING_INTERVAL);
    }

    /** A number of seconds, fractions allowed, from 0 to {@link #MAX_WAIT_SECONDS}; {@code null} when absent. */
    static Duration seconds(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            seconds = null;
        }
        if (seconds == null || seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(MAX_WAIT_SECONDS)) > 0) {
            throw new InvalidRequestException(name + " must be a number of seconds from 0 to " + MAX_WAIT_SECONDS
                    + ", e.g. " + name + "=30 or " + name + "=0.5, was '" + value + "'");
        }
        if (seconds.signum() > 0 && seconds.compareTo(ONE_MILLISECOND) < 0) {
            // Compared by magnitude first, so even 1e-999999999 is cheap; rounding it would not be.
            return Duration.ofMillis(1);
        }
        return Duration.ofMillis(seconds.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact());
    }

    /** {@code historyFormat}: Durable Functions' shape unless {@code reprise} is asked for (any case). */
    static HistoryView.Format historyFormat(String value) {
        if (value == null || value.isBlank()) {
            return HistoryView.Format.DURABLE_FUNCTIONS;
        }
        for (HistoryView.Format format : HistoryView.Format.values()) {
            if (format.parameterValue.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return format;
            }
        }
        throw new InvalidRequestException("historyFormat must be " + HistoryView.Format.REPRISE.parameterValue
                + " or " + HistoryView.Format.DURABLE_FUNCTIONS.parameterValue + " (the default), was '" + value
                + "'");
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
