package dev.reprise.api;

/**
 * An orchestrator: deterministic code that coordinates activities, timers, events and sub-orchestrations. Register
 * one as a CDI bean (or producer method) qualified with {@link Orchestrator}.
 */
@FunctionalInterface
public interface OrchestratorFunction {

    /**
     * @return the orchestration's output, serialized to JSON (may be {@code null})
     */
    Object run(OrchestrationContext context);
}
