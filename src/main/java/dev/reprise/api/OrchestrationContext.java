package dev.reprise.api;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What an orchestrator function uses to schedule durable work, as Durable Functions'
 * {@code IDurableOrchestrationContext} (durabletask-java's {@code TaskOrchestrationContext}). Every method is
 * replay-safe: on replay it returns what the first execution saw. Orchestrator code must be deterministic; read
 * time, UUIDs and logs through this context, never directly.
 *
 * <p>Each activity call, sub-orchestration, timer and event sent takes the next task ID, so history can be matched
 * against the calls; past {@code reprise.orchestrations.max-actions} of them in one execution, the instance fails
 * with {@link OrchestrationLimitException} (the call does not return). Bad arguments throw at the call, before a
 * task ID is taken: an uncaught exception fails the instance with its {@link FailureDetails}.
 */
public interface OrchestrationContext {

    /**
     * The orchestration's input, as Durable Functions' {@code GetInput<T>}. Property names match ignoring case, as
     * Durable Functions reads .NET-shaped JSON; unknown properties are ignored.
     *
     * @return the input read from its JSON as {@code type}, or {@code null} when it was started without one
     * @throws NonRetriableException when the input does not fit {@code type}: a value of the wrong type, or an
     *                               unknown property that looks like a misspelling of an empty one; the message
     *                               names the orchestration and the property
     */
    <T> T getInput(Class<T> type);

    /** The instance ID, as Durable Functions' {@code InstanceId}; the same in every execution of the instance. */
    String getInstanceId();

    /** The orchestrator's registered name, e.g. {@code "HelloCities"}. */
    String getName();

    /**
     * The orchestration version this instance was started with, as Durable Functions' {@code context.Version}
     * (orchestration versioning): {@code NewOrchestrationOptions.version}, else the starting process's
     * {@code reprise.orchestrations.version}; a sub-orchestration gets its parent's, continue-as-new keeps it. Branch
     * on it to change code without breaking instances that started under the old code. {@code ""} when none was set.
     */
    String getVersion();

    /**
     * Replay-safe current time, as Durable Functions' {@code CurrentUtcDateTime}: the time the step being applied
     * began (its OrchestratorStarted), so it moves on only inside {@link Task#await()} and reads the same on every
     * replay.
     */
    Instant getCurrentInstant();

    /**
     * A deterministic name-based UUID, as Durable Functions' {@code NewGuid}: derived from the instance, execution,
     * current time and how many were made before, so it is the same on every replay and differs between calls.
     */
    UUID newUUID();

    /**
     * {@code true} while the code re-executes what earlier steps already recorded, as Durable Functions'
     * {@code IsReplaying}; {@code false} once it reaches what is new in this step.
     */
    boolean isReplaying();

    /**
     * A logger that stays silent while {@link #isReplaying()}, as Durable Functions' {@code CreateReplaySafeLogger}, so
     * each message is written once however often the code is replayed.
     */
    Logger getReplaySafeLogger(Class<?> category);

    /** Calls activity {@code name} without retries; see {@link #callActivity(String, Object, TaskOptions, Class)}. */
    default <T> Task<T> callActivity(String name, Object input, Class<T> resultType) {
        return callActivity(name, input, TaskOptions.none(), resultType);
    }

    /** Calls activity {@code name} without retries, ignoring its result. */
    default Task<Void> callActivity(String name, Object input) {
        return callActivity(name, input, TaskOptions.none(), Void.class);
    }

    /**
     * Schedules activity {@code name}, as Durable Functions' {@code CallActivityAsync} and
     * {@code CallActivityWithRetryAsync}. The activity runs at least once, on any replica. An unregistered name is
     * not caught here: the task fails with a non-retriable {@link TaskFailedException}.
     *
     * @param name       the activity's registered name; checked by {@link Names#functionName}
     * @param input      serialized to JSON; may be {@code null}
     * @param options    retries; {@link TaskOptions#none()} for none, never {@code null}
     * @param resultType the activity's return value is read from its JSON as this type ({@code Void.class} to ignore
     *                   it)
     * @throws InvalidRequestException  when {@code name} is blank or holds control characters
     * @throws IllegalArgumentException when {@code input} cannot be serialized to JSON
     * @throws NullPointerException     when {@code options} is {@code null}
     */
    <T> Task<T> callActivity(String name, Object input, TaskOptions options, Class<T> resultType);

    /**
     * Starts sub-orchestration {@code name} without retries under instance ID {@code <this instance ID>:<task ID>};
     * see {@link #callSubOrchestrator(String, Object, String, TaskOptions, Class)}.
     */
    default <T> Task<T> callSubOrchestrator(String name, Object input, Class<T> resultType) {
        return callSubOrchestrator(name, input, null, TaskOptions.none(), resultType);
    }

    /**
     * Starts sub-orchestration {@code name} and waits for its output, as Durable Functions'
     * {@code CallSubOrchestratorAsync} and {@code CallSubOrchestratorWithRetryAsync}. The task fails with a
     * {@link TaskFailedException} when the child fails (an unregistered name fails the child), is terminated, or
     * its instance ID belongs to an instance still running; the last two are never retried.
     *
     * @param name       the child orchestrator's registered name; checked by {@link Names#functionName}
     * @param input      serialized to JSON; may be {@code null}
     * @param instanceId the child's instance ID, or {@code null} for {@code <this instance ID>:<task ID>}, which is
     *                   the same on every replay
     * @param options    retries; {@link TaskOptions#none()} for none, never {@code null}. Each attempt is a new
     *                   child; with a fixed {@code instanceId} each reuses that ID once the previous one finished
     * @throws InvalidRequestException  when {@code name} or {@code instanceId} breaks the rules of {@link Names}
     * @throws IllegalArgumentException when {@code input} cannot be serialized to JSON
     * @throws NullPointerException     when {@code options} is {@code null}
     */
    <T> Task<T> callSubOrchestrator(String name, Object input, String instanceId, TaskOptions options,
                                    Class<T> resultType);

    /**
     * A durable timer that fires after {@code delay} of orchestration time (from {@link #getCurrentInstant()}), as
     * Durable Functions' {@code CreateTimer}. It costs nothing while it waits and survives restarts.
     *
     * @param delay not {@code null}; a negative delay counts as zero
     * @throws NullPointerException when {@code delay} is {@code null}
     */
    Task<Void> createTimer(Duration delay);

    /**
     * A durable timer that fires at {@code fireAt}; a time already past fires at the next step.
     *
     * @throws NullPointerException when {@code fireAt} is {@code null}
     */
    Task<Void> createTimer(Instant fireAt);

    /** Waits for external event {@code name} without a timeout, as Durable Functions' {@code WaitForExternalEvent}. */
    default <T> Task<T> waitForExternalEvent(String name, Class<T> type) {
        return waitForExternalEvent(name, null, type);
    }

    /**
     * Waits for external event {@code name}, as Durable Functions' {@code WaitForExternalEvent}. Events raised before
     * the wait are buffered and delivered in arrival order; several waits for one name are served oldest first.
     *
     * @param name    the event's name (case-sensitive); checked by {@link Names#eventName}
     * @param timeout how long to wait, or {@code null} for ever; the wait is a durable timer (it takes a task ID). A
     *                zero or negative timeout fails at once unless an event is already buffered. On timeout
     *                {@link Task#await()} throws {@link TaskCanceledException}
     * @param type    the event's data is read from its JSON as this type
     * @throws InvalidRequestException when {@code name} is blank, longer than {@value Names#MAX_LENGTH} characters or
     *                                 holds control characters
     */
    <T> Task<T> waitForExternalEvent(String name, Duration timeout, Class<T> type);

    /**
     * A task that completes once every one of {@code tasks} is done, as Durable Functions' {@code Task.WhenAll}:
     * with every result, in the order of {@code tasks}, or failed with the first failure in that order (it still
     * waits for the others). An empty list completes at once with an empty list.
     *
     * @throws IllegalArgumentException when a task was not created by this context
     */
    <T> Task<List<T>> allOf(List<Task<T>> tasks);

    /**
     * A task that completes with whichever of {@code tasks} finished first in history, as Durable Functions'
     * {@code Task.WhenAny}. A failed task wins like any other; its failure shows when the winner is awaited.
     *
     * @throws IllegalArgumentException when {@code tasks} is empty or a task was not created by this context
     */
    Task<Task<?>> anyOf(List<Task<?>> tasks);

    /** Varargs form of {@link #anyOf(List)}. */
    default Task<Task<?>> anyOf(Task<?>... tasks) {
        return anyOf(List.of(tasks));
    }

    /**
     * Sends external event {@code eventName} to another instance, fire-and-forget, as Durable Functions'
     * {@code SendEvent}. It is sent when this step commits; an event for an instance that does not exist is dropped.
     *
     * @param data serialized to JSON; may be {@code null}
     * @throws InvalidRequestException  when {@code instanceId} or {@code eventName} breaks the rules of {@link Names}
     * @throws IllegalArgumentException when {@code data} cannot be serialized to JSON
     */
    void sendEvent(String instanceId, String eventName, Object data);

    /** Restarts this instance with a fresh history and {@code input} once the function returns, dropping events. */
    default void continueAsNew(Object input) {
        continueAsNew(input, false);
    }

    /**
     * Restarts this instance with a fresh history once the function returns, as Durable Functions'
     * {@code ContinueAsNew}; used for eternal orchestrations so history does not grow without bound. The function's
     * return value is then ignored; the instance keeps its ID and gets a new execution ID.
     *
     * @param input                     the new execution's input, serialized to JSON; may be {@code null}
     * @param preserveUnprocessedEvents carry external events no wait has consumed into the new execution, in arrival
     *                                  order
     * @throws IllegalArgumentException when {@code input} cannot be serialized to JSON
     */
    void continueAsNew(Object input, boolean preserveUnprocessedEvents);

    /**
     * Sets a status visible to clients, as Durable Functions' {@code SetCustomStatus}; it is stored when the step
     * commits and kept until set again. {@code null} clears it.
     *
     * @param status serialized to JSON; at most 16 KiB (16,384 bytes of UTF-8) once serialized
     * @throws IllegalArgumentException when the JSON is larger, or {@code status} cannot be serialized
     */
    void setCustomStatus(Object status);

    // ---- durable entities ----

    /** Calls an entity operation and waits for its result without a timeout; see the full form. */
    default <T> Task<T> callEntity(EntityInstanceId entity, String operation, Object input, Class<T> resultType) {
        return callEntity(entity, operation, input, null, resultType);
    }

    /** Calls an entity operation without input, ignoring its result. */
    default Task<Void> callEntity(EntityInstanceId entity, String operation) {
        return callEntity(entity, operation, null, null, Void.class);
    }

    /**
     * Calls an operation of a durable entity and waits for its result, as Durable Functions' {@code CallEntityAsync}
     * (durabletask-java's {@code callEntity}). The operation is sent when this step commits and runs exactly once, in
     * order with the other operations sent to the entity. Takes a task ID.
     *
     * @param entity     the entity; it is created by its first operation
     * @param operation  the operation's name (matched ignoring case by {@link AbstractTaskEntity}); checked by
     *                   {@link Names#operationName}
     * @param input      serialized to JSON; may be {@code null}
     * @param timeout    how long to wait, or {@code null} for ever; the wait is a durable timer (it takes a task ID).
     *                   On timeout {@link Task#await()} throws {@link TaskCanceledException}; the operation still runs
     * @param resultType the operation's result is read from its JSON as this type
     * @return a task that fails with {@link TaskFailedException} when the operation threw (its state change undone)
     *         or no entity of that name is registered
     * @throws LockingRulesViolationException inside a critical section, for an entity it has not locked
     * @throws InvalidRequestException        when {@code operation} breaks the rules of {@link Names}
     * @throws IllegalArgumentException       when {@code input} cannot be serialized to JSON
     */
    <T> Task<T> callEntity(EntityInstanceId entity, String operation, Object input, Duration timeout,
                           Class<T> resultType);

    /** Signals an entity operation to run as soon as possible; see the full form. */
    default void signalEntity(EntityInstanceId entity, String operation, Object input) {
        signalEntity(entity, operation, input, null);
    }

    /**
     * Signals an operation of a durable entity, one-way, as Durable Functions' {@code SignalEntity}: it is sent when
     * this step commits, runs exactly once, and its result or failure is not reported back. Takes a task ID.
     *
     * @param scheduledTime when the operation may run, or {@code null} for at once
     * @throws InvalidRequestException  when {@code operation} breaks the rules of {@link Names}
     * @throws IllegalArgumentException when {@code input} cannot be serialized to JSON
     */
    void signalEntity(EntityInstanceId entity, String operation, Object input, Instant scheduledTime);

    /** Varargs form of {@link #lockEntities(List)}. */
    default Task<CriticalSection> lockEntities(EntityInstanceId... entities) {
        return lockEntities(List.of(entities));
    }

    /**
     * Locks entities for a critical section, as Durable Functions' {@code LockAsync}. The locks are taken one
     * entity after the other in one global order (sorted by entity ID), so orchestrations locking the same entities
     * never deadlock; while it holds them, each entity runs only this orchestration's operations (others wait, in
     * order). They are released when the returned section is closed, or when this execution completes, fails, is
     * terminated or continues as new. Inside the section the code may call only the locked entities, and may not lock
     * again until it closes. Takes a task ID.
     *
     * @param entities one or more entities; duplicates are ignored
     * @return a task that completes, once every entity is locked, with the section to close
     * @throws LockingRulesViolationException when this execution holds, or waits for, a critical section already
     * @throws IllegalArgumentException       when {@code entities} is empty
     */
    Task<CriticalSection> lockEntities(List<EntityInstanceId> entities);

    /** {@code true} while the code holds a critical section, as Durable Functions' {@code IsLocked}. */
    boolean isInCriticalSection();

    /** The entities of the critical section the code holds, in lock order; empty outside one. */
    List<EntityInstanceId> getLockedEntities();
}
