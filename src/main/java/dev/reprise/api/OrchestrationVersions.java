package dev.reprise.api;

import java.util.regex.Pattern;

/**
 * How orchestration versions compare, as Durable Functions' orchestration versioning compares them: the empty version
 * (none) is older than any other; two dotted numeric versions ({@code 1}, {@code 1.10}, {@code 2.0.3}) compare
 * component by component as numbers, and a version that is a prefix of another is the older ({@code 1.2} is older
 * than {@code 1.2.0}); anything else compares as text, ignoring the case of ASCII letters. The claim's SQL spells the
 * same rule ({@code ClaimRuleContractTest} holds the two together).
 */
public final class OrchestrationVersions {

    private static final Pattern NUMERIC = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    private OrchestrationVersions() {
    }

    /**
     * Compares two versions ({@code null} is taken as the empty version).
     *
     * @return negative when {@code a} is older than {@code b}, zero when they are the same version, positive when
     *         {@code a} is newer
     */
    public static int compare(String a, String b) {
        String left = a == null ? "" : a;
        String right = b == null ? "" : b;
        if (isNumeric(left) && isNumeric(right)) {
            return compareNumeric(left.split("\\."), right.split("\\."));
        }
        return compareText(left, right);
    }

    /** Whether {@code version} is dotted numeric: digits, optionally followed by {@code .digits} groups. */
    public static boolean isNumeric(String version) {
        return version != null && NUMERIC.matcher(version).matches();
    }

    private static int compareNumeric(String[] left, String[] right) {
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            int c = compareDigits(left[i], right[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(left.length, right.length);
    }

    /** Compares two runs of digits as numbers of any size: leading zeros do not count. */
    private static int compareDigits(String left, String right) {
        String l = stripLeadingZeros(left);
        String r = stripLeadingZeros(right);
        return l.length() != r.length() ? Integer.compare(l.length(), r.length()) : Integer.signum(l.compareTo(r));
    }

    private static String stripLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    /**
     * Text order by code point with ASCII letters lower-cased, which is what PostgreSQL's {@code lower()} and
     * comparison do under the "C" collation, so the claim and this method never disagree.
     */
    private static int compareText(String left, String right) {
        int i = 0;
        int j = 0;
        while (i < left.length() && j < right.length()) {
            int l = asciiLower(left.codePointAt(i));
            int r = asciiLower(right.codePointAt(j));
            if (l != r) {
                return Integer.compare(l, r);
            }
            i += Character.charCount(l);
            j += Character.charCount(r);
        }
        return Integer.signum((left.length() - i) - (right.length() - j));
    }

    private static int asciiLower(int codePoint) {
        return codePoint >= 'A' && codePoint <= 'Z' ? codePoint + ('a' - 'A') : codePoint;
    }
}
