package dev.reprise.dispatch;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Group commit: durable writes submitted while a commit is in flight wait for it and then go together in the next
 * one, so under load many writes share one statement and one WAL flush, and an idle system commits at once (nothing
 * waits for a batch to fill).
 *
 * @param <T> what is submitted
 * @param <R> each submission's own result
 */
final class GroupCommit<T, R> {

    private record Pending<T, R>(T item, UniEmitter<? super R> emitter) {
    }

    private final int maxBatch;
    private final Function<List<T>, Uni<List<R>>> commit;
    private final ConcurrentLinkedQueue<Pending<T, R>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean committing = new AtomicBoolean();

    /**
     * @param maxBatch most submissions in one commit
     * @param commit   commits a batch atomically and emits one result per submission, in order; a failure fails
     *                 every submission of the batch
     */
    GroupCommit(int maxBatch, Function<List<T>, Uni<List<R>>> commit) {
        this.maxBatch = maxBatch;
        this.commit = commit;
    }

    /** A lazy Uni: each subscription (a retry too) submits {@code item} again. */
    Uni<R> submit(T item) {
        return Uni.createFrom().emitter(emitter -> {
            queue.add(new Pending<>(item, emitter));
            next();
        });
    }

    private void next() {
        while (!queue.isEmpty() && committing.compareAndSet(false, true)) {
            List<Pending<T, R>> batch = new ArrayList<>();
            Pending<T, R> pending;
            while (batch.size() < maxBatch && (pending = queue.poll()) != null) {
                batch.add(pending);
            }
            if (batch.isEmpty()) {
                committing.set(false);
                continue;
            }
            Uni<List<R>> work;
            try {
                work = commit.apply(batch.stream().map(Pending::item).toList());
            } catch (RuntimeException e) {
                work = Uni.createFrom().failure(e);
            }
            work.subscribe().with(results -> {
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).emitter().complete(results.get(i));
                }
                committed();
            }, failure -> {
                batch.forEach(p -> p.emitter().fail(failure));
                committed();
            });
            return; // committed() starts the next batch
        }
    }

    private void committed() {
        committing.set(false);
        next();
    }
}
