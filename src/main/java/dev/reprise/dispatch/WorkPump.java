package dev.reprise.dispatch;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Claims work in batches up to a concurrency limit and processes each item independently. It claims when woken (a
 * local commit, a NOTIFY, a due timer, the polling fallback) and again whenever a full batch suggests more is
 * waiting; it never sleeps. Work this process already holds goes first: items {@link #submit submitted} directly
 * wait in a local queue for a free slot, and slots can be reserved for work handed over at once
 * ({@link #tryReserve}, {@link #runReserved}); only slots left free after them are claimed from the store.
 */
final class WorkPump<T> {

    private static final Logger LOG = Logger.getLogger(WorkPump.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final String name;
    private final Clock clock;
    private final int maxInFlight;
    private final IntFunction<Uni<List<T>>> claim;
    private final Function<T, Uni<Void>> processor;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<T> ready = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicLong claimsStarted = new AtomicLong();
    private volatile boolean wakeRequested;
    private volatile boolean running;
    private volatile boolean claimFailing;
    /** While the database is unreachable, claims wait until this time, doubling the wait after each failure. */
    private volatile Instant retryNotBefore = Instant.MIN;
    private volatile Duration backoff = FIRST_BACKOFF;
    private volatile CompletableFuture<Void> drained = new CompletableFuture<>();

    WorkPump(String name, Clock clock, int maxInFlight, IntFunction<Uni<List<T>>> claim,
             Function<T, Uni<Void>> process) {
        this.name = name;
        this.clock = clock;
        this.maxInFlight = maxInFlight;
        this.claim = claim;
        this.processor = process;
    }

    void start() {
        if (drained.isDone()) {
            drained = new CompletableFuture<>(); // started again after a stop
        }
        running = true;
        wake();
    }

    boolean isRunning() {
        return running;
    }

    /** Stops claiming; items in flight finish on their own, and {@link #drained()} completes when they have. */
    void stop() {
        running = false;
        completeIfDrained();
    }

    private void completeIfDrained() {
        if (!running && !claiming.get() && inFlight.get() == 0) {
            drained.complete(null);
        }
    }

    /** Completes once the pump is stopped and nothing is in flight. */
    CompletableFuture<Void> drained() {
        return drained;
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Claims this pump has started since the process began. */
    long claimsStarted() {
        return claimsStarted.get();
    }

    /** Asks for a claim soon; cheap and safe to call from any thread, any number of times. */
    void wake() {
        wakeRequested = true;
        drain();
    }

    /** Processes {@code item}, already held by this process, as soon as a slot is free; before any new claim. */
    void submit(T item) {
        ready.add(item);
        drain();
    }

    /** Takes back the submitted items no slot has started yet (when the pump stopped). */
    List<T> takeQueued() {
        List<T> out = new java.util.ArrayList<>();
        T item;
        while ((item = ready.poll()) != null) {
            out.add(item);
        }
        return out;
    }

    /** Reserves up to {@code wanted} free slots for work handed over directly; returns how many it reserved. */
    int tryReserve(int wanted) {
        while (running) {
            int now = inFlight.get();
            int granted = Math.min(wanted, maxInFlight - now - ready.size());
            if (granted <= 0) {
                return 0;
            }
            if (inFlight.compareAndSet(now, now + granted)) {
                return granted;
            }
        }
        return 0;
    }

    /** Gives back {@code count} reserved slots that will not be used. */
    void unreserve(int count) {
        if (count > 0) {
            inFlight.addAndGet(-count);
            completeIfDrained();
            drain();
        }
    }

    /** Processes {@code item} in a slot {@link #tryReserve reserved} for it. */
    void runReserved(T item) {
        process(item);
    }

    /** How many more items a claim could take now. */
    int freeSlots() {
        return Math.max(0, maxInFlight - inFlight.get() - ready.size());
    }

    private void drain() {
        T next;
        while (inFlight.get() < maxInFlight && (next = pollReady()) != null) {
            process(next);
        }
        if (claimFailing && clock.instant().isBefore(retryNotBefore)) {
            return; // backing off; a later wake-up (the polling fallback at least) tries again
        }
        if (running && wakeRequested && ready.isEmpty() && inFlight.get() < maxInFlight
                && claiming.compareAndSet(false, true)) {
            wakeRequested = false;
            claimsStarted.incrementAndGet();
            int free = maxInFlight - inFlight.get();
            claim.apply(free).subscribe().with(items -> onClaimed(items, free), this::onClaimFailed);
        }
    }

    private void onClaimed(List<T> items, int requested) {
        if (!running) {
            // Claimed while stopping: leave the items alone; the shutdown releases their leases for other replicas.
            claiming.set(false);
            completeIfDrained();
            return;
        }
        if (claimFailing) {
            claimFailing = false;
            backoff = FIRST_BACKOFF;
            LOG.infof("%s: claiming work again", name);
        }
        inFlight.addAndGet(items.size());
        if (LOG.isDebugEnabled() && !items.isEmpty()) {
            LOG.debugf("%s: claimed %d of %d", name, items.size(), requested);
        }
        if (items.size() >= requested) {
            wakeRequested = true; // a full batch: more is probably waiting
        }
        claiming.set(false);
        completeIfDrained(); // a stop that raced this claim, with nothing claimed
        for (T item : items) {
            process(item);
        }
        drain();
    }

    /** Takes a slot for the next submitted item, or returns {@code null} when none waits or no slot is free. */
    private T pollReady() {
        int now = inFlight.get();
        if (now >= maxInFlight || ready.isEmpty() || !inFlight.compareAndSet(now, now + 1)) {
            return null;
        }
        T item = ready.poll();
        if (item == null) {
            inFlight.decrementAndGet();
        }
        return item;
    }

    /** Processes an item in the slot already taken for it. */
    private void process(T item) {
        Uni<Void> work;
        try {
            work = processor.apply(item);
        } catch (RuntimeException e) {
            work = Uni.createFrom().failure(e);
        }
        work.subscribe().with(ok -> finished(), failure -> {
            LOG.errorf(failure, "%s: processing %s failed; it will be retried when its lease expires", name, item);
            finished();
        });
    }

    private void onClaimFailed(Throwable failure) {
        if (!claimFailing) {
            claimFailing = true;
            // Once per outage: the recovery is logged by onClaimed.
            LOG.warnf("%s: cannot claim work (%s); retrying with backoff up to %s", name, failure.toString(),
                    MAX_BACKOFF);
        } else {
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        retryNotBefore = clock.instant().plus(backoff);
        wakeRequested = true;
        claiming.set(false);
        completeIfDrained();
    }

    private void finished() {
        inFlight.decrementAndGet();
        completeIfDrained();
        drain();
    }
}
