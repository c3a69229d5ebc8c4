package dev.reprise.api;

import io.smallrye.mutiny.Uni;

/**
 * A non-blocking activity returning a {@link Uni}; it is subscribed on an event-loop thread and must not block.
 * Register it as a CDI bean (or producer method) qualified with {@link Activity}.
 */
@FunctionalInterface
public interface AsyncActivityFunction {

    /**
     * Starts one delivery of the activity.
     *
     * @param context the invocation: input, instance ID, task ID, delivery count
     * @return emits the result, serialized to JSON (may be {@code null}); a failed {@code Uni}, or an exception
     *         thrown here, fails the calling task as {@link ActivityFunction#run} does
     */
    Uni<?> run(ActivityContext context);
}
