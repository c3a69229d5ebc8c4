package dev.reprise.api;

/**
 * A blocking activity: stateless work run on a worker thread, at least once. Register it as a CDI bean (or producer
 * method) qualified with {@link Activity}. An exception fails the calling task with {@link FailureDetails}.
 */
@FunctionalInterface
public interface ActivityFunction {

    /** @return the result, serialized to JSON (may be {@code null}) */
    Object run(ActivityContext context) throws Exception;
}
