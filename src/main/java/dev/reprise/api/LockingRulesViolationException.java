package dev.reprise.api;

/**
 * Orchestrator code broke a rule of critical sections, as Durable Functions' {@code LockingRulesViolationException}:
 * it asked for locks while it holds (or waits for) others, or called an entity it has not locked from inside a
 * critical section. Thrown at the call, before anything is scheduled.
 */
public class LockingRulesViolationException extends RepriseException {

    /** @param message what was asked and which rule forbids it */
    public LockingRulesViolationException(String message) {
        super(message);
    }
}
