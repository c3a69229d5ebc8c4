package dev.reprise.dispatch;

import dev.reprise.api.ActivityTimeoutException;
import dev.reprise.api.HistoryEvent;
import dev.reprise.store.WorkItem;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One delivery of a work item running here. Its outcome is settled once: by the activity, or by a broken timeout
 * (start-to-close or heartbeat, as Temporal's activity timeouts), whichever comes first; the loser is dropped. A
 * timed-out {@code Uni} activity is cancelled; a blocking one cannot be stopped from outside, so it is told
 * ({@code ActivityContext.isCancellationRequested()}), and whatever it returns no longer counts.
 */
final class ActivityAttempt {

    private final WorkItem item;
    private final ActivityCancellations.Running cancellation;
    private final CompletableFuture<HistoryEvent> outcome = new CompletableFuture<>();
    private volatile Instant lastHeartbeat;
    private volatile Cancellable run = () -> { };

    ActivityAttempt(WorkItem item, Instant startedAt, ActivityCancellations.Running cancellation) {
        this.item = item;
        this.cancellation = cancellation;
        this.lastHeartbeat = startedAt;
    }

    WorkItem item() {
        return item;
    }

    /** Records that the activity is alive at {@code now} ({@code ActivityContext.heartbeat()}). */
    void heartbeat(Instant now) {
        lastHeartbeat = now;
    }

    /** The activity's own run, cancelled if a timeout settles the attempt first. */
    void running(Cancellable run) {
        this.run = run;
        if (outcome.isDone()) {
            run.cancel();
        }
    }

    /**
     * The failure of this attempt if at {@code now} it is past its start-to-close deadline or its heartbeat timeout,
     * otherwise {@code null}.
     */
    HistoryEvent.TaskFailed timedOut(Instant now) {
        if (item.deadline() != null && !now.isBefore(item.deadline())) {
            return new HistoryEvent.TaskFailed(now, item.taskId(), ActivityTimeoutException.details(item.name(),
                    item.taskId(), ActivityTimeoutException.Kind.START_TO_CLOSE, item.timeout().toMillis()));
        }
        if (item.heartbeatTimeout() != null && !now.isBefore(lastHeartbeat.plus(item.heartbeatTimeout()))) {
            return new HistoryEvent.TaskFailed(now, item.taskId(), ActivityTimeoutException.details(item.name(),
                    item.taskId(), ActivityTimeoutException.Kind.HEARTBEAT, item.heartbeatTimeout().toMillis()));
        }
        return null;
    }

    /** Settles the attempt with {@code event}; {@code false} when it was already settled (the event is dropped). */
    boolean settle(HistoryEvent event) {
        return outcome.complete(event);
    }

    /** Settles the attempt with a timeout's failure, stops a reactive activity and tells a blocking one to stop. */
    boolean timeOut(HistoryEvent.TaskFailed failure) {
        if (!outcome.complete(failure)) {
            return false;
        }
        // Settled first, so the cancellation's own failure of a reactive activity cannot win over the timeout's.
        run.cancel();
        cancellation.cancel();
        return true;
    }

    /** The outcome, once settled. */
    Uni<HistoryEvent> outcome() {
        return Uni.createFrom().completionStage(outcome);
    }
}
