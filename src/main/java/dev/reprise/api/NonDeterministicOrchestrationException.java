package dev.reprise.api;

/**
 * The orchestrator code asked for a different step than its history recorded. The instance fails with this error:
 * replaying it can never succeed. Typical causes are a code change deployed while instances were running, or code
 * that branches on wall-clock time, random numbers or I/O instead of {@link OrchestrationContext} methods.
 */
public class NonDeterministicOrchestrationException extends RepriseException {

    public NonDeterministicOrchestrationException(String message) {
        super(message);
    }
}
