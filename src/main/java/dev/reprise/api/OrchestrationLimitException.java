package dev.reprise.api;

/**
 * An orchestration went past a configured bound (durable operations per execution, history size). The instance
 * fails with this error rather than exhausting the engine's memory; the message names the setting that raises it.
 */
public class OrchestrationLimitException extends RepriseException {

    /** @param message the bound that was passed, its value, and the setting that raises it */
    public OrchestrationLimitException(String message) {
        super(message);
    }
}
