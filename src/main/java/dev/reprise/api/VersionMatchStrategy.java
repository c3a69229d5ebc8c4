package dev.reprise.api;

/**
 * Which orchestration instances a process runs, by their version against its own
 * ({@code reprise.orchestrations.version}), as Durable Functions' {@code versionMatchStrategy}. Set with
 * {@code reprise.orchestrations.versioning.match}; versions compare as {@link OrchestrationVersions#compare} says.
 */
public enum VersionMatchStrategy {

    /** Every instance, whatever its version: versions are recorded and readable, never checked. */
    NONE,

    /** Only instances of exactly this process's version. */
    STRICT,

    /**
     * Instances of this process's version or an older one: new code that still branches on {@code getVersion()} for
     * the old instances runs them too, while an old process never runs an instance a newer one started.
     */
    CURRENT_OR_OLDER;

    /** Whether a process of {@code processVersion} runs an instance of {@code instanceVersion} under this strategy. */
    public boolean accepts(String instanceVersion, String processVersion) {
        return switch (this) {
            case NONE -> true;
            case STRICT -> OrchestrationVersions.compare(instanceVersion, processVersion) == 0;
            case CURRENT_OR_OLDER -> OrchestrationVersions.compare(instanceVersion, processVersion) <= 0;
        };
    }
}
