package dev.reprise.api;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What an orchestrator function uses to schedule durable work, as Durable Functions'
 * {@code IDurableOrchestrationContext}. Every method is replay-safe: on replay it returns what the first execution
 * saw. Orchestrator code must be deterministic; read time, UUIDs and logs through this context, never directly.
 */
public interface OrchestrationContext {

    /**
     * The orchestration's input deserialized as {@code type}, or {@code null} when it was started without one.
     * Property names match ignoring case, as Durable Functions reads .NET-shaped JSON; unknown properties are ignored.
     *
     * @throws NonRetriableException when the input does not fit {@code type}: a value of the wrong type, or an
     *                               unknown property that looks like a misspelling of an empty one; the message
     *                               names the orchestration and the property
     */
    <T> T getInput(Class<T> type);

    /** The instance ID. */
    String getInstanceId();

    /** The orchestrator's registered name, e.g. {@code "HelloCities"}. */
    String getName();

    /** Replay-safe current time: the time the current orchestration step started, as {@code CurrentUtcDateTime}. */
    Instant getCurrentInstant();

    /** A deterministic name-based UUID (the same on every replay), as {@code NewGuid}. */
    UUID newUUID();

    /** {@code true} while the code re-executes steps already recorded in history. */
    boolean isReplaying();

    /** A logger that stays silent during replay, so each message is written once. */
    Logger getReplaySafeLogger(Class<?> category);

    /** Schedules activity {@code name} with {@code input}; see {@link #callActivity(String, Object, TaskOptions, Class)}. */
    default <T> Task<T> callActivity(String name, Object input, Class<T> resultType) {
        return callActivity(name, input, TaskOptions.none(), resultType);
    }

    /** Schedules activity {@code name} without a result of interest. */
    default Task<Void> callActivity(String name, Object input) {
        return callActivity(name, input, TaskOptions.none(), Void.class);
    }

    /**
     * Schedules activity {@code name}, as Durable Functions' {@code CallActivityAsync} and
     * {@code CallActivityWithRetryAsync}. The activity runs at least once, on any replica.
     *
     * @param input      serialized to JSON, may be {@code null}
     * @param options    retries; {@link TaskOptions#none()} for none
     * @param resultType the activity's return value is deserialized as this type ({@code Void.class} to ignore it)
     */
    <T> Task<T> callActivity(String name, Object input, TaskOptions options, Class<T> resultType);

    /** Starts sub-orchestration {@code name} with a deterministic instance ID. */
    default <T> Task<T> callSubOrchestrator(String name, Object input, Class<T> resultType) {
        return callSubOrchestrator(name, input, null, TaskOptions.none(), resultType);
    }

    /**
     * Starts sub-orchestration {@code name} and waits for its output, as Durable Functions'
     * {@code CallSubOrchestratorAsync}.
     *
     * @param instanceId the child's instance ID, or {@code null} for one derived deterministically from this instance
     */
    <T> Task<T> callSubOrchestrator(String name, Object input, String instanceId, TaskOptions options,
                                    Class<T> resultType);

    /** A durable timer that fires after {@code delay} of orchestration time, as {@code CreateTimer}. */
    Task<Void> createTimer(Duration delay);

    /** A durable timer that fires at {@code fireAt}. */
    Task<Void> createTimer(Instant fireAt);

    /** Waits for external event {@code name} without a timeout, as {@code WaitForExternalEvent}. */
    default <T> Task<T> waitForExternalEvent(String name, Class<T> type) {
        return waitForExternalEvent(name, null, type);
    }

    /**
     * Waits for external event {@code name}; events raised before the wait are buffered and delivered in order.
     *
     * @param timeout how long to wait, or {@code null} for ever; on timeout {@link Task#await()} throws
     *                {@link TaskCanceledException}
     */
    <T> Task<T> waitForExternalEvent(String name, Duration timeout, Class<T> type);

    /** A task that completes with every result, in the order of {@code tasks}, or fails with the first failure. */
    <T> Task<List<T>> allOf(List<Task<T>> tasks);

    /** A task that completes with whichever of {@code tasks} finished first in history, as {@code Task.WhenAny}. */
    Task<Task<?>> anyOf(List<Task<?>> tasks);

    /** Varargs form of {@link #anyOf(List)}. */
    default Task<Task<?>> anyOf(Task<?>... tasks) {
        return anyOf(List.of(tasks));
    }

    /**
     * Sends external event {@code eventName} to another instance, fire-and-forget, as Durable Functions'
     * {@code SendEvent}. An event for an instance that does not exist is dropped.
     */
    void sendEvent(String instanceId, String eventName, Object data);

    /** Restarts this instance with a fresh history and {@code input} once the function returns, dropping events. */
    default void continueAsNew(Object input) {
        continueAsNew(input, false);
    }

    /**
     * Restarts this instance with a fresh history once the function returns, as {@code ContinueAsNew}; used for
     * eternal orchestrations so history does not grow without bound.
     *
     * @param preserveUnprocessedEvents carry external events no wait has consumed into the new execution
     */
    void continueAsNew(Object input, boolean preserveUnprocessedEvents);

    /** Sets a JSON-serializable status visible to clients; at most 16 KiB once serialized. */
    void setCustomStatus(Object status);
}
