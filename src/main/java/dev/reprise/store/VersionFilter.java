package dev.reprise.store;

import dev.reprise.api.OrchestrationVersions;
import dev.reprise.api.VersionMatchStrategy;

/**
 * Which instance versions a claim takes: those {@code match} accepts against {@code version}, the claiming process's
 * version. {@link #ANY} takes every instance (match {@code none}, or failure {@code fail}, where the step fails a
 * mismatched instance instead).
 */
public record VersionFilter(VersionMatchStrategy match, String version) {

    /** Takes every instance. */
    public static final VersionFilter ANY = new VersionFilter(VersionMatchStrategy.NONE, "");

    public VersionFilter {
        version = version == null ? "" : version;
    }

    /** The claim's {@code $7}: the strategy's name, or {@code null} when nothing is filtered. */
    String mode() {
        return switch (match) {
            case NONE -> null;
            case STRICT -> "strict";
            case CURRENT_OR_OLDER -> "current-or-older";
        };
    }

    /**
     * The claim's {@code $9}: the process version's numeric components, or {@code null} when it is not dotted
     * numeric. Split here, not in SQL: a cast of the constant in SQL would be folded at planning time even where its
     * CASE branch is never taken, and fail for a version like {@code v2}.
     */
    String[] numericComponents() {
        return OrchestrationVersions.isNumeric(version) ? version.split("\\.") : null;
    }
}
