package dev.reprise.dispatch;

import dev.reprise.api.HistoryEvent;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.replay.ReplaySession;
import dev.reprise.store.InboxMessage;
import dev.reprise.store.InstanceRecord;
import dev.reprise.store.WorkItem;

import java.util.ArrayList;
import java.util.List;

/**
 * An orchestration instance this process keeps between steps (a sticky instance): it holds the instance's lease, and
 * its history (as events to replay, or as an extended session whose code waits on its own thread), so the next step
 * here needs no claim and no history load. Work for the instance gathers here (activity outcomes from this process,
 * messages it wrote itself, a hint that the inbox has more), and one step at a time takes all of it.
 *
 * <p>Thread-safe: every method synchronises on the instance.
 */
final class KeptInstance {

    /** An activity outcome produced in this process, to be committed with the instance's next step. */
    record LocalOutcome(WorkItem item, HistoryEvent outcome) {
    }

    /** What one step takes: everything that arrived since the previous one. */
    record Work(InstanceRecord instance, int historySize, List<HistoryEvent> history, ReplaySession session,
                long payloadBytes, List<LocalOutcome> outcomes, List<InboxMessage> known, boolean loadInbox) {

        boolean loaded() {
            return history != null || session != null;
        }
    }

    final String instanceId;
    private InstanceRecord record;
    private int historySize;
    private long payloadBytes;
    private List<HistoryEvent> history;
    private ReplaySession session;
    private boolean stepping;
    private boolean inboxDue;
    private boolean dropped;
    private List<LocalOutcome> outcomes = new ArrayList<>();
    private List<InboxMessage> known = new ArrayList<>();

    /**
     * @param history the committed history when known (an empty list for an instance started here), or
     *                {@code null} when the next step must load it
     */
    KeptInstance(InstanceRecord record, int historySize, List<HistoryEvent> history) {
        this.instanceId = record.instanceId();
        this.record = record;
        this.historySize = historySize;
        this.history = history;
    }

    /** {@code true} when the store's view ({@code executionId}, {@code historySize}) is what this copy holds. */
    synchronized boolean inStepWith(String executionId, int storedHistorySize) {
        return !dropped && record.executionId().equals(executionId) && historySize == storedHistorySize;
    }

    synchronized boolean isStepping() {
        return stepping;
    }

    /** {@code true} when nothing waits for a step: the instance may be evicted. */
    synchronized boolean isIdle() {
        return !stepping && outcomes.isEmpty() && known.isEmpty();
    }

    synchronized boolean hasSession() {
        return session != null;
    }

    synchronized long payloadBytes() {
        return payloadBytes;
    }

    /**
     * Takes an activity outcome of this process for the next step; refused (so it goes through the inbox instead)
     * when the instance was dropped, is suspended (its steps take nothing but resume and terminate), or runs another
     * execution than the one the activity belongs to.
     *
     * @return whether a step must be submitted for it now ({@code false} also when a step is running: that one's
     *         successor takes it), or {@code null} when refused
     */
    synchronized Boolean offer(LocalOutcome outcome) {
        if (dropped || record.runtimeStatus() == OrchestrationRuntimeStatus.Suspended
                || record.runtimeStatus().isTerminal()
                || !record.executionId().equals(outcome.item().executionId())) {
            return null;
        }
        outcomes.add(outcome);
        return requestStep();
    }

    /** Marks the instance busy while its start commits: no claim takes it meanwhile. */
    synchronized void holdForStart() {
        stepping = true;
    }

    /** The start message this process wrote for the instance it started here; its first step takes it. */
    synchronized void startWith(InboxMessage start) {
        known.add(start);
    }

    /** The inbox may hold messages for the instance; returns whether a step must be submitted now. */
    synchronized boolean inboxDue() {
        inboxDue = true;
        return requestStep();
    }

    private boolean requestStep() {
        if (dropped || stepping) {
            return false;
        }
        stepping = true;
        return true;
    }

    /** Takes the gathered work for the step about to run (the instance is stepping). */
    synchronized Work take() {
        Work work = new Work(record, historySize, history, session, payloadBytes, outcomes, known, inboxDue);
        outcomes = new ArrayList<>();
        known = new ArrayList<>();
        inboxDue = false;
        return work;
    }

    /** After a committed step: the state it reached, and how the instance is held now. */
    synchronized void committed(InstanceRecord after, int newHistorySize, long newPayloadBytes,
                                List<HistoryEvent> newHistory, ReplaySession keptSession) {
        record = after;
        historySize = newHistorySize;
        payloadBytes = newPayloadBytes;
        session = keptSession;
        history = keptSession != null ? null : newHistory;
    }

    /**
     * The step is over; returns {@code true} when more work arrived meanwhile and another step must be submitted
     * (the instance stays stepping), {@code false} when it is idle now.
     */
    synchronized boolean stepEnded() {
        if (!dropped && (inboxDue || !outcomes.isEmpty() || !known.isEmpty())) {
            return true;
        }
        stepping = false;
        return false;
    }

    /**
     * No longer kept: the session (if any) is closed, and the outcomes and known messages no step took are handed
     * back, to be recorded through the inbox.
     */
    synchronized List<LocalOutcome> drop() {
        dropped = true;
        stepping = false;
        if (session != null) {
            session.close();
            session = null;
        }
        history = null;
        List<LocalOutcome> left = outcomes;
        outcomes = new ArrayList<>();
        known = new ArrayList<>();
        return left;
    }

    synchronized boolean isDropped() {
        return dropped;
    }

    @Override
    public String toString() {
        return "instance '" + instanceId + "'";
    }
}
