package dev.reprise.store;

import dev.reprise.api.HistoryEvent;
import dev.reprise.history.OrchestratorAction;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Everything one orchestration step writes, committed atomically by {@link OrchestrationStore#commitSteps}.
 *
 * @param before             the instance as the step found it
 * @param after              the instance's state after the step
 * @param customStatusSet    whether {@code after.customStatus()} replaces the stored one
 * @param historySize        number of events already in history (the next sequence number); the commit applies only
 *                           if the store still has exactly this many, so a step never lands on a history that moved
 * @param newHistory         events to append
 * @param consumed           ids of the inbox messages the step processed (or discarded)
 * @param completedWorkItems ids of work items run in this process whose outcomes are among {@code newHistory}: they
 *                           are deleted in the same commit, which applies only while this process still holds them
 * @param actions            the step's actions
 * @param now                the step's time
 * @param traceParent        the W3C {@code traceparent} of the step's span, stored on the work items and child
 *                           instances it creates, or {@code null} without tracing
 * @param local              what this process keeps for itself: the instance's lease, and work items to run here
 */
public record StepCommit(InstanceRecord before, InstanceRecord after, boolean customStatusSet, int historySize,
                         List<HistoryEvent> newHistory, List<Long> consumed, List<Long> completedWorkItems,
                         List<OrchestratorAction> actions, Instant now, String traceParent, Local local) {

    /**
     * What the step keeps in this process.
     *
     * @param keepLeaseUntil the instance's lease is kept (sticky) until then, or {@code null} to release it
     * @param tasks          task IDs of the activities to write already leased to this process, to run here
     * @param tasksLeaseUntil the end of those work items' leases
     */
    public record Local(Instant keepLeaseUntil, Set<Integer> tasks, Instant tasksLeaseUntil) {

        /** Nothing kept: the lease is released and every activity queued for any replica. */
        public static final Local NONE = new Local(null, Set.of(), null);
    }
}
