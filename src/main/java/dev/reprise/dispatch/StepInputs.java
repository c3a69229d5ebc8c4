package dev.reprise.dispatch;

import dev.reprise.api.HistoryEvent;
import dev.reprise.store.InboxMessage;
import dev.reprise.store.InstanceRecord;
import dev.reprise.store.InstanceRepository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which of the waiting messages one step takes, and in what order: the step's new events, the inbox messages it
 * consumes, the ones it only discards (they can no longer change the instance) and the locally run work items whose
 * outcomes it records.
 *
 * @param newEvents      OrchestratorStarted, then the start (if any), then the other messages and outcomes; empty when
 *                       nothing is to be applied
 * @param consumed       inbox message ids the step deletes: the applied ones and the stale ones
 * @param completedItems work item ids whose outcomes are among the new events
 * @param timersFired    how many durable timers the step applies
 */
record StepInputs(List<HistoryEvent> newEvents, List<Long> consumed, List<Long> completedItems, int timersFired) {

    boolean isEmpty() {
        return newEvents.isEmpty();
    }

    /**
     * Sorts the messages and outcomes waiting for {@code instance} at {@code now}. Messages of another execution, or
     * for a finished instance, are stale; the rest are taken as {@link InstanceRepository#takes} says (a suspended
     * instance only takes resume and terminate; a pending one nothing but terminate before its start). A message
     * known in memory and also loaded from the inbox is taken once.
     */
    static StepInputs of(InstanceRecord instance, List<InboxMessage> messages, List<KeptInstance.LocalOutcome> outcomes,
                         Instant now) {
        List<InboxMessage> current = new ArrayList<>();
        List<Long> consumed = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        boolean startsNow = messages.stream().anyMatch(m -> instance.executionId().equals(m.executionId())
                && m.event() instanceof HistoryEvent.ExecutionStarted);
        for (InboxMessage m : messages) {
            if (!seen.add(m.id())) {
                continue;
            }
            boolean ofOldExecution = m.executionId() != null && !m.executionId().equals(instance.executionId());
            if (instance.runtimeStatus().isTerminal() || ofOldExecution) {
                consumed.add(m.id());
            } else if (InstanceRepository.takes(instance.runtimeStatus(), startsNow, m.event())) {
                current.add(m);
                consumed.add(m.id());
            }
        }
        List<Long> completed = new ArrayList<>();
        List<HistoryEvent> results = new ArrayList<>();
        for (KeptInstance.LocalOutcome o : outcomes) {
            completed.add(o.item().id());
            results.add(o.outcome());
        }
        if (current.isEmpty() && results.isEmpty()) {
            return new StepInputs(List.of(), consumed, List.of(), 0);
        }
        List<HistoryEvent> newEvents = new ArrayList<>(current.size() + results.size() + 1);
        newEvents.add(new HistoryEvent.OrchestratorStarted(now));
        // The start must precede anything raised to the instance before it ran.
        current.stream().map(InboxMessage::event)
                .sorted(Comparator.comparingInt(e -> e instanceof HistoryEvent.ExecutionStarted ? 0 : 1))
                .forEach(newEvents::add);
        newEvents.addAll(results);
        int timers = (int) current.stream().filter(m -> m.event() instanceof HistoryEvent.TimerFired).count();
        return new StepInputs(newEvents, consumed, completed, timers);
    }
}
