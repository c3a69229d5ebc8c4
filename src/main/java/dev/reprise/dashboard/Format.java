package dev.reprise.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the dashboard writes times and durations: UTC, to the millisecond; durations in the largest sensible unit. */
final class Format {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private Format() {
    }

    /** {@code 2026-01-31 12:00:00.000} (UTC), or empty for none. */
    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** {@code 850 ms}, {@code 3.2 s}, {@code 4 min 10 s}, {@code 2 h 5 min}, {@code 3 d 4 h}. */
    static String duration(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        if (s < 86_400) {
            return s / 3600 + " h " + s % 3600 / 60 + " min";
        }
        return s / 86_400 + " d " + s % 86_400 / 3600 + " h";
    }

    /** A number of SVG user units with one decimal, whatever the locale. */
    static String units(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** A rate per second with one decimal. */
    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.1f", perSecond);
    }

    /** {@code text} cut to {@code max} characters with an ellipsis, for labels; {@code null} reads as empty. */
    static String cut(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
