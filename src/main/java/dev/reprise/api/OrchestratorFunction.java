package dev.reprise.api;

/**
 * An orchestrator: deterministic code that coordinates activities, timers, events and sub-orchestrations, as a
 * Durable Functions {@code [OrchestrationTrigger]} function (durabletask-java's {@code TaskOrchestration}). Register
 * one as a CDI bean (or producer method) qualified with {@link Orchestrator}. The same function object runs every
 * instance, on any replica, and may be replayed from the start many times: keep state in local variables, not fields.
 */
@FunctionalInterface
public interface OrchestratorFunction {

    /**
     * Runs (or replays) one execution of the orchestration.
     *
     * @param context the execution's replay-safe view: input, time, durable calls
     * @return the orchestration's output, serialized to JSON (may be {@code null}); ignored after
     *         {@link OrchestrationContext#continueAsNew}
     * @throws RuntimeException any exception the code lets escape fails the instance with its {@link FailureDetails};
     *                          a {@link TaskFailedException} keeps the failed task's details as its inner failure
     */
    Object run(OrchestrationContext context);
}
