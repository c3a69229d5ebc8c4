package dev.reprise.dispatch;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A dispatcher driven by a {@link WorkPump}: subclasses say how to claim a batch and how to process one item; the
 * pump decides when.
 */
abstract class PumpedDispatcher<T> {

    private static final Logger LOG = Logger.getLogger(PumpedDispatcher.class);

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

    /** Processes {@code item}, held by this process already, as soon as a slot is free (see {@link WorkPump}). */
    void submit(T item) {
        pump.submit(item);
    }

    /** Submitted items no slot started yet, taken back (after a stop). */
    List<T> takeQueued() {
        return pump.takeQueued();
    }

    /** Reserves up to {@code wanted} slots for work handed over directly; returns how many. */
    int tryReserve(int wanted) {
        return pump.tryReserve(wanted);
    }

    void unreserve(int count) {
        pump.unreserve(count);
    }

    /** Processes {@code item} in a reserved slot. */
    void runReserved(T item) {
        pump.runReserved(item);
    }

    /** How many more items a claim could take now. */
    int freeSlots() {
        return pump.freeSlots();
    }

    public int inFlight() {
        return pump.inFlight();
    }

    /** Claims this dispatcher's pump has started since the process began (the tick's claims not included). */
    public long claimsStarted() {
        return pump.claimsStarted();
    }

    /** {@code true} between {@link #start()} and {@link #stop()}. */
    public boolean isRunning() {
        return pump.isRunning();
    }

    /**
     * Claims up to {@code limit} items and processes them all, outside the pump: the scale-to-zero tick uses it to
     * move work forward when no dispatcher runs. Emits the processed items; a failed item is logged and left to its
     * lease, as in the pump.
     */
    Uni<List<T>> drainOnce(int limit) {
        return claim(limit).chain(items -> {
            if (items.isEmpty()) {
                return Uni.createFrom().item(items);
            }
            return Multi.createFrom().iterable(items)
                    .onItem().transformToUniAndMerge(item -> process(item)
                            .onFailure().invoke(e -> LOG.errorf(e, "tick: processing %s failed; it will be retried "
                                    + "when its lease expires", item))
                            .onFailure().recoverWithNull())
                    .collect().last().replaceWith(items);
        });
    }
}
