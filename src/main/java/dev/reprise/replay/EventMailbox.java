package dev.reprise.replay;

import dev.reprise.api.HistoryEvent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * External events of one replay: waits by name, events that arrived before anyone waited (buffered, delivered in
 * arrival order, as Durable Functions does), outcomes held while the instance is suspended, and the events carried
 * into the next execution by {@code continueAsNew(input, true)}.
 */
final class EventMailbox {

    private record Buffered(long arrival, HistoryEvent.EventRaised event) {
    }

    private final Map<String, ArrayDeque<DurableTask<?>>> waiters = new HashMap<>();
    private final Map<String, ArrayDeque<Buffered>> buffered = new HashMap<>();
    /** Outcomes that arrived while suspended; applied in arrival order on resume, as DTFx's eventsWhileSuspended. */
    private final ArrayDeque<HistoryEvent> heldWhileSuspended = new ArrayDeque<>();

    /** An event arrived: the first waiter for its name gets it, or it is buffered ({@code arrival} orders those). */
    void deliver(HistoryEvent.EventRaised event, long arrival) {
        ArrayDeque<DurableTask<?>> queue = waiters.get(event.name());
        DurableTask<?> waiter = queue == null ? null : queue.pollFirst();
        if (waiter != null) {
            waiter.complete(event.input());
        } else {
            buffered.computeIfAbsent(event.name(), n -> new ArrayDeque<>()).addLast(new Buffered(arrival, event));
        }
    }

    /** Takes the oldest buffered event named {@code name}, or {@code null} when none arrived. */
    HistoryEvent.EventRaised takeBuffered(String name) {
        ArrayDeque<Buffered> queue = buffered.get(name);
        return queue == null || queue.isEmpty() ? null : queue.pollFirst().event();
    }

    /** {@code task} waits for the next event named {@code name}. */
    void await(String name, DurableTask<?> task) {
        waiters.computeIfAbsent(name, n -> new ArrayDeque<>()).addLast(task);
    }

    /** {@code task} no longer waits (its timeout fired first). */
    void cancel(String name, DurableTask<?> task) {
        ArrayDeque<DurableTask<?>> queue = waiters.get(name);
        if (queue != null) {
            queue.remove(task);
        }
    }

    /** An outcome that arrived while the instance is suspended, to apply once it is resumed. */
    void hold(HistoryEvent outcome) {
        heldWhileSuspended.addLast(outcome);
    }

    /** The held outcomes, oldest first, emptied. */
    List<HistoryEvent> releaseHeld() {
        List<HistoryEvent> out = new ArrayList<>(heldWhileSuspended);
        heldWhileSuspended.clear();
        return out;
    }

    /** Events no wait consumed, in arrival order, for the next execution. */
    List<HistoryEvent.EventRaised> carryover() {
        // Events held while suspended arrived after every buffered one (holding starts only once suspended).
        List<HistoryEvent.EventRaised> carried = new ArrayList<>(buffered.values().stream()
                .flatMap(ArrayDeque::stream).sorted(Comparator.comparingLong(Buffered::arrival))
                .map(Buffered::event).toList());
        for (HistoryEvent held : heldWhileSuspended) {
            if (held instanceof HistoryEvent.EventRaised raised) {
                carried.add(raised);
            }
        }
        return carried;
    }
}
