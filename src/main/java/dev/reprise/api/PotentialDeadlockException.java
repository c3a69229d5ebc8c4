package dev.reprise.api;

/**
 * Orchestrator code neither finished nor waited for a durable task within {@code reprise.orchestrations.step-timeout}
 * (a loop, or a blocking call such as {@code Thread.sleep} or I/O): the instance fails with this, instead of the code
 * holding a thread for ever (as Temporal's {@code PotentialDeadlockException}). The message names the orchestrator and
 * shows where its code was. Do blocking work in activities and wait with durable timers.
 */
public class PotentialDeadlockException extends RepriseException {

    /** @param message what ran too long, and where its thread was */
    public PotentialDeadlockException(String message) {
        super(message);
    }
}
