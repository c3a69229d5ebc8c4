package dev.reprise.replay;

import dev.reprise.api.FailureDetails;
import dev.reprise.api.RetryContext;
import dev.reprise.api.TaskFailedException;
import dev.reprise.api.TaskOptions;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * An activity or sub-orchestration call with retries, as Durable Functions' {@code CallActivityWithRetryAsync}: each
 * failed attempt is followed by a durable timer, then a new attempt with its own task ID.
 */
final class RetriableTask<T> extends DurableTask<T> {

    private final Supplier<DurableTask<T>> attempts;
    private final TaskOptions options;
    private final Instant firstAttemptAt;
    private int attempt;

    RetriableTask(ReplayContext ctx, String name, Class<T> resultType, TaskOptions options,
                  Supplier<DurableTask<T>> attempts) {
        super(ctx, name, resultType);
        this.options = options;
        this.attempts = attempts;
        this.firstAttemptAt = ctx.getCurrentInstant();
        startAttempt();
    }

    private void startAttempt() {
        attempt++;
        DurableTask<T> current = attempts.get();
        current.whenDone(() -> onAttemptDone(current));
    }

    private void onAttemptDone(DurableTask<T> current) {
        if (current.failure() == null) {
            complete(current.resultJson());
            return;
        }
        RuntimeException cause = current.failure();
        Duration delay = cause instanceof TaskFailedException tfe ? nextDelay(tfe.getFailureDetails()) : null;
        if (delay == null) {
            fail(cause);
            return;
        }
        ctx.timer(ctx.getCurrentInstant().plus(delay)).whenDone(this::startAttempt);
    }

    private Duration nextDelay(FailureDetails failure) {
        if (failure.nonRetriable()) {
            return null;
        }
        Duration elapsed = Duration.between(firstAttemptAt, ctx.getCurrentInstant());
        if (options.retryPolicy() != null) {
            return options.retryPolicy().nextDelay(attempt, elapsed);
        }
        Duration delay = options.retryHandler().nextDelay(new RetryContext(failure, attempt, elapsed, ctx));
        return delay == null || delay.isNegative() ? null : delay;
    }
}
