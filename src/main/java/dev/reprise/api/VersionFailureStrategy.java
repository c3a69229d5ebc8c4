package dev.reprise.api;

/**
 * What becomes of an instance whose version the process's {@link VersionMatchStrategy} does not accept, as Durable
 * Functions' {@code versionFailureStrategy}. Set with {@code reprise.orchestrations.versioning.failure}.
 */
public enum VersionFailureStrategy {

    /**
     * The process leaves the instance alone (it does not claim it): it stays as it is, its messages waiting, until a
     * process whose version accepts it runs it.
     */
    REJECT,

    /**
     * The process fails the instance with a {@link VersionMismatchException}, without running its code.
     */
    FAIL
}
