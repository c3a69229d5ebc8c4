package dev.reprise.dispatch;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Claims work in batches up to a concurrency limit and processes each item independently. It claims when woken (a
 * local commit, a NOTIFY, a due timer, the polling fallback) and again whenever a full batch suggests more is
 * waiting; it never sleeps.
 */
final class WorkPump<T> {

    private static final Logger LOG = Logger.getLogger(WorkPump.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final String name;
    private final Clock clock;
    private final int maxInFlight;
    private final IntFunction<Uni<List<T>>> claim;
    private final Function<T, Uni<Void>> process;
    private final AtomicInteger inFlight = new AtomicInteger();
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
        this.process = process;
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

    private void drain() {
        if (claimFailing && clock.instant().isBefore(retryNotBefore)) {
            return; // backing off; a later wake-up (the polling fallback at least) tries again
        }
        if (running && wakeRequested && inFlight.get() < maxInFlight && claiming.compareAndSet(false, true)) {
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
            Uni<Void> work;
            try {
                work = process.apply(item);
            } catch (RuntimeException e) {
                work = Uni.createFrom().failure(e);
            }
            work.subscribe().with(ok -> finished(), failure -> {
                LOG.errorf(failure, "%s: processing %s failed; it will be retried when its lease expires", name, item);
                finished();
            });
        }
        drain();
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
