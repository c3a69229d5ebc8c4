package dev.reprise.api;

/**
 * A blocking activity: stateless work run on a worker thread, at least once. Register it as a CDI bean (or producer
 * method) qualified with {@link Activity}. An exception fails the calling task with {@link FailureDetails}.
 */
@FunctionalInterface
public interface ActivityFunction {

    /**
     * Runs one delivery of the activity, as an {@code [ActivityTrigger]} function body.
     *
     * @param context the invocation: input, instance ID, task ID, delivery count
     * @return the result, serialized to JSON (may be {@code null})
     * @throws Exception any failure, checked or not, fails the task with its {@link FailureDetails};
     *                   {@link NonRetriableException} marks it non-retriable, so no {@link RetryPolicy} retries it
     */
    Object run(ActivityContext context) throws Exception;
}
