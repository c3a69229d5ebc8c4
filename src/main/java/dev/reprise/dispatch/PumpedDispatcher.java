package dev.reprise.dispatch;

import io.smallrye.mutiny.Uni;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A dispatcher driven by a {@link WorkPump}: subclasses say how to claim a batch and how to process one item; the
 * pump decides when.
 */
abstract class PumpedDispatcher<T> {

    private final WorkPump<T> pump;

    PumpedDispatcher(String name, Clock clock, int concurrency) {
        this.pump = new WorkPump<>(name, clock, concurrency, this::claim, this::process);
    }

    /** Claims (leases) up to {@code limit} items. */
    abstract Uni<List<T>> claim(int limit);

    /** Processes one claimed item to its durable commit. */
    abstract Uni<Void> process(T item);

    public void start() {
        pump.start();
    }

    /** Stops claiming; the future completes when the work in flight has finished. */
    public CompletableFuture<Void> stop() {
        pump.stop();
        return pump.drained();
    }

    /** Look for due work now. */
    public void wake() {
        pump.wake();
    }

    public int inFlight() {
        return pump.inFlight();
    }
}
