package dev.reprise.api;

import io.smallrye.mutiny.Uni;

/**
 * A non-blocking activity returning a {@link Uni}; it is subscribed on an event-loop thread and must not block.
 * Register it as a CDI bean (or producer method) qualified with {@link Activity}.
 */
@FunctionalInterface
public interface AsyncActivityFunction {

    /** @return the result, serialized to JSON; a failed {@code Uni} fails the calling task */
    Uni<?> run(ActivityContext context);
}
