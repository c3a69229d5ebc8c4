package dev.reprise.store;

import dev.reprise.api.HistoryEvent;
import dev.reprise.history.OrchestratorAction;

import java.time.Instant;
import java.util.List;

/**
 * Everything one orchestration step writes, committed in one transaction by {@link OrchestrationStore}.
 *
 * @param before          the instance as claimed
 * @param after           the instance's state after the step
 * @param customStatusSet whether {@code after.customStatus()} replaces the stored one
 * @param historySize     number of events already in history (the next sequence number)
 * @param newHistory      events to append
 * @param consumed        ids of the inbox messages the step processed (or discarded)
 * @param actions         the step's actions
 * @param now             the step's time
 * @param traceParent     the W3C {@code traceparent} of the step's span, stored on the work items and child instances
 *                        it creates, or {@code null} without tracing
 */
public record StepCommit(InstanceRecord before, InstanceRecord after, boolean customStatusSet, int historySize,
                         List<HistoryEvent> newHistory, List<Long> consumed, List<OrchestratorAction> actions,
                         Instant now, String traceParent) {
}
