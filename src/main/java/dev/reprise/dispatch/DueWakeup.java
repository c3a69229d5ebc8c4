package dev.reprise.dispatch;

import io.vertx.mutiny.core.Vertx;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Wakes a dispatcher when the earliest scheduled item it knows of (a durable timer, a scheduled entity signal) falls
 * due, so it runs on time rather than at the next poll: one Vert.x timer, moved only to an earlier due time.
 */
final class DueWakeup {

    private final Vertx vertx;
    private final Clock clock;
    private final Runnable wake;
    private long timerId = -1;
    private Instant at;

    DueWakeup(Vertx vertx, Clock clock, Runnable wake) {
        this.vertx = vertx;
        this.clock = clock;
        this.wake = wake;
    }

    /** Wakes at {@code next} (null: nothing scheduled) unless a wake-up still pending at {@code now} comes sooner. */
    synchronized void at(Instant next, Instant now) {
        if (next == null || at != null && !at.isAfter(next) && at.isAfter(now)) {
            return;
        }
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        at = next;
        // +1 ms: a timer may fire a little early, and an item is due only once its time has passed
        timerId = vertx.setTimer(Math.max(1, Duration.between(clock.instant(), next).toMillis() + 1), id -> fired());
    }

    private void fired() {
        synchronized (this) {
            timerId = -1;
            at = null;
        }
        wake.run();
    }
}
