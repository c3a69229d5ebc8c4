package dev.reprise.replay;

import dev.reprise.api.HistoryEvent;
import dev.reprise.api.TaskCanceledException;

import java.time.Duration;
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

    /**
     * A wait for the next event named {@code name}: completed at once by a buffered event; failed at once by a zero
     * or negative {@code timeout}; otherwise queued, and failed by a durable timer of {@code ctx} when {@code timeout}
     * (if any) passes first.
     */
    <T> DurableTask<T> waitFor(ReplayContext ctx, String name, Duration timeout, Class<T> type) {
        DurableTask<T> task = new DurableTask<>(ctx, name, type);
        HistoryEvent.EventRaised arrived = takeBuffered(name);
        if (arrived != null) {
            task.complete(arrived.input());
            return task;
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            task.fail(timedOut(name, timeout));
            return task;
        }
        await(name, task);
        if (timeout != null) {
            ctx.timer(ctx.now().plus(timeout)).whenDone(() -> {
                if (!task.isDone()) {
                    cancel(name, task);
                    task.fail(timedOut(name, timeout));
                }
            });
        }
        return task;
    }

    private static TaskCanceledException timedOut(String name, Duration timeout) {
        return new TaskCanceledException("External event '" + name + "' did not arrive within " + timeout, name);
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
