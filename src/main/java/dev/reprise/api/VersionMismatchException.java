package dev.reprise.api;

/**
 * The failure of an instance whose version the process that took it does not run, under
 * {@code reprise.orchestrations.versioning.failure=fail} (Durable Functions' {@code VersionMismatch} failure). Its
 * message names the instance's version, the process's version and its match strategy. Run such instances on a
 * process of a matching version, or use {@link VersionFailureStrategy#REJECT} to leave them waiting for one.
 */
public class VersionMismatchException extends RepriseException {

    /** @param message which versions did not match, and how to fix it */
    public VersionMismatchException(String message) {
        super(message);
    }
}
