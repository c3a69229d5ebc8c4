package dev.reprise.replay;

import dev.reprise.api.Task;

import java.util.ArrayList;
import java.util.List;

/**
 * A task whose outcome arrives through history. Outcomes are applied in history order by {@link ReplayContext}, and
 * continuations run at that moment, which is what keeps retries and compound tasks deterministic.
 */
class DurableTask<T> implements Task<T> {

    final ReplayContext ctx;
    final String name;
    private final Class<T> resultType;
    private boolean done;
    private String resultJson;
    private T value;
    private boolean decoded;
    private RuntimeException failure;
    /** Position in history order at which the task finished; lets anyOf pick the earliest. */
    private long completionOrder;
    private List<Runnable> continuations;

    DurableTask(ReplayContext ctx, String name, Class<T> resultType) {
        this.ctx = ctx;
        this.name = name;
        this.resultType = resultType;
    }

    @Override
    public T await() {
        ctx.checkRunnable();
        while (!done) {
            ctx.advanceOrBlock();
        }
        if (failure != null) {
            throw failure;
        }
        if (!decoded) {
            value = ctx.decode(resultJson, resultType);
            decoded = true;
        }
        return value;
    }

    @Override
    public boolean isDone() {
        return done;
    }

    @Override
    public boolean isFailed() {
        return done && failure != null;
    }

    long completionOrder() {
        return completionOrder;
    }

    RuntimeException failure() {
        return failure;
    }

    String resultJson() {
        return resultJson;
    }

    void complete(String json) {
        if (done) {
            return;
        }
        done = true;
        resultJson = json;
        finished();
    }

    void completeWithValue(T result) {
        if (done) {
            return;
        }
        done = true;
        value = result;
        decoded = true;
        finished();
    }

    void fail(RuntimeException cause) {
        if (done) {
            return;
        }
        done = true;
        failure = cause;
        finished();
    }

    /** {@code task} as a task of {@code ctx}'s replay, for allOf/anyOf. */
    static <T> DurableTask<T> own(ReplayContext ctx, Task<T> task) {
        if (task instanceof DurableTask<T> d && d.ctx == ctx) {
            return d;
        }
        throw new IllegalArgumentException("allOf/anyOf take tasks created by this orchestration's context, got "
                + task);
    }

    /** Runs {@code continuation} once this task is done (at once if it already is). */
    void whenDone(Runnable continuation) {
        if (done) {
            continuation.run();
            return;
        }
        if (continuations == null) {
            continuations = new ArrayList<>(2);
        }
        continuations.add(continuation);
    }

    private void finished() {
        completionOrder = ctx.nextCompletionOrder();
        if (continuations != null) {
            List<Runnable> toRun = continuations;
            continuations = null;
            toRun.forEach(Runnable::run);
        }
    }
}
