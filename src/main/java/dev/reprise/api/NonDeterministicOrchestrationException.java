package dev.reprise.api;

/**
 * The orchestrator code asked for a different step than its history recorded. The instance fails with this error:
 * replaying it can never succeed. Typical causes are a code change deployed while instances were running, or code
 * that branches on wall-clock time, random numbers or I/O instead of {@link OrchestrationContext} methods. As
 * durabletask-java's {@code NonDeterministicOrchestratorException}. Orchestrator code never catches it: the engine
 * records it as the instance's non-retriable {@link FailureDetails}.
 */
public class NonDeterministicOrchestrationException extends RepriseException {

    /** @param message what history recorded under the task ID, what the code asked for, and how to fix it */
    public NonDeterministicOrchestrationException(String message) {
        super(message);
    }
}
