package dev.reprise.replay;

import dev.reprise.api.InstanceIds;
import dev.reprise.api.NonDeterministicOrchestrationException;
import dev.reprise.api.NonRetriableException;
import dev.reprise.api.OrchestrationLimitException;
import dev.reprise.api.RepriseException;
import dev.reprise.api.OrchestrationContext;
import dev.reprise.api.Task;
import dev.reprise.api.TaskCanceledException;
import dev.reprise.api.TaskFailedException;
import dev.reprise.api.TaskOptions;
import dev.reprise.history.HistoryEvent;
import dev.reprise.history.OrchestratorAction;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The {@link OrchestrationContext} of one replay. History events are applied one at a time, in order, whenever the
 * code awaits something not yet done; each scheduling event must match the call the code made under the same
 * sequence number, or the replay fails as non-deterministic.
 */
final class ReplayContext implements OrchestrationContext {

    /** Largest custom status, in bytes of JSON, as Durable Functions' 16 KB limit. */
    static final int MAX_CUSTOM_STATUS_BYTES = 16 * 1024;

    private record Scheduled(OrchestratorAction action, HistoryEvent event, String kind, String name) {
    }

    private record Buffered(long arrival, HistoryEvent.EventRaised event) {
    }

    private final PayloadConverter converter;
    private final ReplayLimits limits;
    private final List<HistoryEvent> events;
    private int pastCount;
    /** Set in a {@link ReplaySession}: waits for the next step's events instead of unwinding the code. */
    private Parker parker;
    private int cursor;
    private Instant currentTime;
    private boolean replaying;
    private boolean suspended;
    private HistoryEvent.ExecutionStarted started;

    private int nextTaskId;
    private long completionOrder;
    private int uuidCounter;
    /** Calls the code made that history has not confirmed yet; those left at the end are this step's new actions. */
    private final TreeMap<Integer, Scheduled> unconfirmed = new TreeMap<>();
    private final Map<Integer, DurableTask<?>> openTasks = new HashMap<>();
    private final Map<String, ArrayDeque<DurableTask<?>>> eventWaiters = new HashMap<>();
    private final Map<String, ArrayDeque<Buffered>> bufferedEvents = new HashMap<>();
    /** Outcomes that arrived while suspended; applied in arrival order on resume, as DTFx's eventsWhileSuspended. */
    private final ArrayDeque<HistoryEvent> heldWhileSuspended = new ArrayDeque<>();

    private String customStatus;
    private boolean customStatusSet;
    private boolean continueAsNew;
    private String continueAsNewInput;
    private boolean preserveUnprocessedEvents;
    /** A failure the orchestrator code must not be able to catch: non-determinism or a broken limit. */
    private RepriseException fatal;
    private boolean blocked;

    ReplayContext(PayloadConverter converter, ReplayLimits limits, List<HistoryEvent> events, int pastCount) {
        this.converter = converter;
        this.limits = limits;
        this.events = events;
        this.pastCount = pastCount;
        this.replaying = pastCount > 0;
    }

    // ---- driving the replay (used by ReplayEngine and tasks) ----

    void processUntilStarted() {
        while (started == null) {
            if (cursor >= events.size()) {
                throw new IllegalArgumentException("history has no ExecutionStarted event");
            }
            apply(cursor++);
        }
        if (currentTime == null) {
            currentTime = started.timestamp();
        }
    }

    /** What a session does when the code needs history it does not have yet. */
    interface Parker {
        /** Returns once more events were appended, {@code false} when the session ended and the code must unwind. */
        boolean park();
    }

    void parkWith(Parker parker) {
        this.parker = parker;
    }

    /**
     * Adds a later step to a parked session: the rest of the previous step's recorded history (the calls it made,
     * its OrchestratorCompleted), then the new step's events, exactly as a fresh replay would read them.
     */
    void appendStep(List<HistoryEvent> previousTail, List<HistoryEvent> newEvents) {
        events.addAll(previousTail);
        pastCount = events.size();
        events.addAll(newEvents);
    }

    /** Applies the next history event, or unwinds the orchestrator when history holds nothing more. */
    void advanceOrBlock() {
        while (cursor >= events.size()) {
            if (parker == null || fatal != null || !parker.park()) {
                throw block();
            }
        }
        try {
            apply(cursor++);
        } catch (NonDeterministicOrchestrationException e) {
            fatal = e;
            throw block();
        }
    }

    /** After the code returned, the rest of history must still agree with it. */
    void drainAfterCompletion() {
        try {
            while (cursor < events.size()) {
                apply(cursor++);
            }
        } catch (NonDeterministicOrchestrationException e) {
            fatal = e;
        }
    }

    void checkRunnable() {
        if (blocked || fatal != null) {
            throw block();
        }
    }

    private OrchestratorBlocked block() {
        blocked = true;
        return OrchestratorBlocked.INSTANCE;
    }

    boolean isBlocked() {
        return blocked;
    }

    RepriseException fatal() {
        return fatal;
    }

    boolean isSuspended() {
        return suspended;
    }

    long nextCompletionOrder() {
        return ++completionOrder;
    }

    <T> T decode(String json, Class<T> type) {
        return converter.deserialize(json, type);
    }

    private void apply(int index) {
        replaying = index < pastCount;
        applyEvent(events.get(index));
    }

    private void applyEvent(HistoryEvent event) {
        if (suspended && isOutcome(event)) {
            // A suspended orchestration makes no progress: its code must not see results until it is resumed.
            heldWhileSuspended.addLast(event);
            return;
        }
        if (event instanceof HistoryEvent.OrchestratorStarted e) {
            currentTime = e.timestamp();
        } else if (event instanceof HistoryEvent.ExecutionStarted e) {
            if (started == null) {
                started = e;
            }
        } else if (event instanceof HistoryEvent.TaskScheduled e) {
            confirm(e.taskId(), "TaskScheduled", e.name(), event);
        } else if (event instanceof HistoryEvent.TimerCreated e) {
            confirm(e.taskId(), "TimerCreated", "timer", event);
        } else if (event instanceof HistoryEvent.SubOrchestrationInstanceCreated e) {
            confirm(e.taskId(), "SubOrchestrationInstanceCreated", e.name(), event);
        } else if (event instanceof HistoryEvent.EventSent e) {
            confirm(e.taskId(), "EventSent", e.name(), event);
        } else if (event instanceof HistoryEvent.TaskCompleted e) {
            DurableTask<?> task = openTasks.remove(e.taskId());
            if (task != null) {
                task.complete(e.result());
            }
        } else if (event instanceof HistoryEvent.TaskFailed e) {
            DurableTask<?> task = openTasks.remove(e.taskId());
            if (task != null) {
                task.fail(new TaskFailedException(task.name, e.taskId(), e.failure()));
            }
        } else if (event instanceof HistoryEvent.TimerFired e) {
            DurableTask<?> task = openTasks.remove(e.taskId());
            if (task != null) {
                task.complete(null);
            }
        } else if (event instanceof HistoryEvent.SubOrchestrationInstanceCompleted e) {
            DurableTask<?> task = openTasks.remove(e.taskId());
            if (task != null) {
                task.complete(e.result());
            }
        } else if (event instanceof HistoryEvent.SubOrchestrationInstanceFailed e) {
            DurableTask<?> task = openTasks.remove(e.taskId());
            if (task != null) {
                task.fail(new TaskFailedException(task.name, e.taskId(), e.failure()));
            }
        } else if (event instanceof HistoryEvent.EventRaised e) {
            deliver(e);
        } else if (event instanceof HistoryEvent.ExecutionSuspended) {
            suspended = true;
        } else if (event instanceof HistoryEvent.ExecutionResumed) {
            suspended = false;
            while (!heldWhileSuspended.isEmpty()) {
                applyEvent(heldWhileSuspended.pollFirst());
            }
        }
        // OrchestratorCompleted, ExecutionCompleted, ExecutionTerminated, ContinueAsNew: nothing to replay.
    }

    /** Events that carry a result to the code (as opposed to scheduling confirmations and lifecycle events). */
    private static boolean isOutcome(HistoryEvent event) {
        return event instanceof HistoryEvent.TaskCompleted || event instanceof HistoryEvent.TaskFailed
                || event instanceof HistoryEvent.TimerFired || event instanceof HistoryEvent.EventRaised
                || event instanceof HistoryEvent.SubOrchestrationInstanceCompleted
                || event instanceof HistoryEvent.SubOrchestrationInstanceFailed;
    }

    private void confirm(int taskId, String kind, String name, HistoryEvent recorded) {
        Scheduled call = unconfirmed.remove(taskId);
        if (call == null) {
            throw nonDeterminism("history recorded " + kind + " #" + taskId + " '" + name
                    + "', but the code did not schedule task #" + taskId + " before waiting");
        }
        if (!call.kind().equals(kind) || !Objects.equals(call.name(), name)) {
            throw nonDeterminism("history recorded " + kind + " #" + taskId + " '" + name + "', but the code asked for "
                    + call.kind() + " #" + taskId + " '" + call.name() + "'");
        }
    }

    private NonDeterministicOrchestrationException nonDeterminism(String mismatch) {
        return new NonDeterministicOrchestrationException("Non-deterministic orchestration '" + started.name()
                + "' (instance '" + started.instanceId() + "'): " + mismatch + ". Orchestrator code must make the "
                + "same calls in the same order on every replay: do not change the code of an orchestrator while "
                + "instances of it run (deploy it under a new name, or terminate and restart those instances), and use "
                + "context.getCurrentInstant()/newUUID() instead of the clock, random values or I/O.");
    }

    private void deliver(HistoryEvent.EventRaised event) {
        ArrayDeque<DurableTask<?>> waiters = eventWaiters.get(event.name());
        DurableTask<?> waiter = waiters == null ? null : waiters.pollFirst();
        if (waiter != null) {
            waiter.complete(event.input());
        } else {
            bufferedEvents.computeIfAbsent(event.name(), n -> new ArrayDeque<>())
                    .addLast(new Buffered(nextCompletionOrder(), event));
        }
    }

    /** Appends this replay's new calls as actions and history events, in sequence order. */
    void collectNewActions(List<OrchestratorAction> actions, List<HistoryEvent> newHistory, Instant stepTime) {
        for (Scheduled call : unconfirmed.values()) {
            actions.add(call.action());
            newHistory.add(withTimestamp(call.event(), stepTime));
        }
    }

    private static HistoryEvent withTimestamp(HistoryEvent e, Instant t) {
        if (e instanceof HistoryEvent.TaskScheduled s) {
            return new HistoryEvent.TaskScheduled(t, s.taskId(), s.name(), s.input());
        } else if (e instanceof HistoryEvent.TimerCreated s) {
            return new HistoryEvent.TimerCreated(t, s.taskId(), s.fireAt());
        } else if (e instanceof HistoryEvent.SubOrchestrationInstanceCreated s) {
            return new HistoryEvent.SubOrchestrationInstanceCreated(t, s.taskId(), s.name(), s.instanceId(),
                    s.input());
        } else if (e instanceof HistoryEvent.EventSent s) {
            return new HistoryEvent.EventSent(t, s.taskId(), s.targetInstanceId(), s.name(), s.input());
        }
        return e;
    }

    boolean continueAsNewRequested() {
        return continueAsNew;
    }

    String continueAsNewInput() {
        return continueAsNewInput;
    }

    List<HistoryEvent.EventRaised> carryoverEvents() {
        if (!preserveUnprocessedEvents) {
            return List.of();
        }
        // Events held while suspended arrived after every buffered one (holding starts only once suspended).
        List<HistoryEvent.EventRaised> carried = new ArrayList<>(bufferedEvents.values().stream()
                .flatMap(ArrayDeque::stream).sorted(Comparator.comparingLong(Buffered::arrival))
                .map(Buffered::event).toList());
        for (HistoryEvent held : heldWhileSuspended) {
            if (held instanceof HistoryEvent.EventRaised raised) {
                carried.add(raised);
            }
        }
        return carried;
    }

    String customStatus() {
        return customStatus;
    }

    boolean customStatusSet() {
        return customStatusSet;
    }

    // ---- OrchestrationContext ----

    @Override
    public <T> T getInput(Class<T> type) {
        checkRunnable();
        try {
            return converter.deserialize(started.input(), type);
        } catch (IllegalArgumentException e) {
            // Every replay reads the same input, so it can never succeed: say which orchestration and why.
            throw new NonRetriableException("Input of orchestration '" + started.name() + "' cannot be read: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String getInstanceId() {
        return started.instanceId();
    }

    @Override
    public String getName() {
        return started.name();
    }

    @Override
    public Instant getCurrentInstant() {
        return currentTime;
    }

    @Override
    public UUID newUUID() {
        checkRunnable();
        String seed = started.instanceId() + "/" + started.executionId() + "/" + currentTime + "/" + uuidCounter++;
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean isReplaying() {
        return replaying;
    }

    @Override
    public Logger getReplaySafeLogger(Class<?> category) {
        return new ReplaySafeLogger(Logger.getLogger(category), this);
    }

    @Override
    public <T> Task<T> callActivity(String name, Object input, TaskOptions options, Class<T> resultType) {
        checkRunnable();
        requireName(name, "activity name");
        Objects.requireNonNull(options, "options must not be null; use TaskOptions.none()");
        String inputJson = converter.serialize(input);
        if (!options.hasRetry()) {
            return activityAttempt(name, inputJson, resultType);
        }
        return new RetriableTask<>(this, name, resultType, options,
                () -> activityAttempt(name, inputJson, resultType));
    }

    private <T> DurableTask<T> activityAttempt(String name, String inputJson, Class<T> resultType) {
        int id = nextTaskId();
        DurableTask<T> task = new DurableTask<>(this, name, resultType);
        record(id, new OrchestratorAction.ScheduleTask(id, name, inputJson),
                new HistoryEvent.TaskScheduled(currentTime, id, name, inputJson), "TaskScheduled", name, task);
        return task;
    }

    @Override
    public <T> Task<T> callSubOrchestrator(String name, Object input, String instanceId, TaskOptions options,
                                           Class<T> resultType) {
        checkRunnable();
        requireName(name, "orchestrator name");
        if (instanceId != null) {
            InstanceIds.validate(instanceId); // before a sequence number is taken, so replay stays aligned
        }
        Objects.requireNonNull(options, "options must not be null; use TaskOptions.none()");
        String inputJson = converter.serialize(input);
        if (!options.hasRetry()) {
            return subOrchestrationAttempt(name, inputJson, instanceId, resultType);
        }
        return new RetriableTask<>(this, name, resultType, options,
                () -> subOrchestrationAttempt(name, inputJson, instanceId, resultType));
    }

    private <T> DurableTask<T> subOrchestrationAttempt(String name, String inputJson, String instanceId,
                                                       Class<T> resultType) {
        int id = nextTaskId();
        String childId = instanceId != null ? instanceId : started.instanceId() + ":" + id;
        DurableTask<T> task = new DurableTask<>(this, name, resultType);
        record(id, new OrchestratorAction.CreateSubOrchestration(id, name, childId, inputJson),
                new HistoryEvent.SubOrchestrationInstanceCreated(currentTime, id, name, childId, inputJson),
                "SubOrchestrationInstanceCreated", name, task);
        return task;
    }

    @Override
    public Task<Void> createTimer(Duration delay) {
        checkRunnable();
        Objects.requireNonNull(delay, "delay must not be null");
        return timer(currentTime.plus(delay.isNegative() ? Duration.ZERO : delay));
    }

    @Override
    public Task<Void> createTimer(Instant fireAt) {
        checkRunnable();
        Objects.requireNonNull(fireAt, "fireAt must not be null");
        return timer(fireAt);
    }

    DurableTask<Void> timer(Instant fireAt) {
        int id = nextTaskId();
        DurableTask<Void> task = new DurableTask<>(this, "timer", Void.class);
        record(id, new OrchestratorAction.CreateTimer(id, fireAt), new HistoryEvent.TimerCreated(currentTime, id,
                fireAt), "TimerCreated", "timer", task);
        return task;
    }

    /** Allocates the next sequence number, or stops the orchestration when it has scheduled too much. */
    private int nextTaskId() {
        if (nextTaskId >= limits.maxActions()) {
            fatal = new OrchestrationLimitException("Orchestration '" + started.name() + "' (instance '"
                    + started.instanceId() + "') scheduled more than " + limits.maxActions() + " durable operations "
                    + "(activities, timers, sub-orchestrations, events) in one execution. Split the work into "
                    + "sub-orchestrations, use continueAsNew for loops, or raise reprise.orchestrations.max-actions.");
            throw block();
        }
        return nextTaskId++;
    }

    private void record(int id, OrchestratorAction action, HistoryEvent event, String kind, String name,
                        DurableTask<?> task) {
        unconfirmed.put(id, new Scheduled(action, event, kind, name));
        openTasks.put(id, task);
    }

    @Override
    public <T> Task<T> waitForExternalEvent(String name, Duration timeout, Class<T> type) {
        checkRunnable();
        requireName(name, "event name");
        DurableTask<T> task = new DurableTask<>(this, name, type);
        ArrayDeque<Buffered> buffered = bufferedEvents.get(name);
        if (buffered != null && !buffered.isEmpty()) {
            task.complete(buffered.pollFirst().event().input());
            return task;
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            task.fail(timedOut(name, timeout));
            return task;
        }
        ArrayDeque<DurableTask<?>> waiters = eventWaiters.computeIfAbsent(name, n -> new ArrayDeque<>());
        waiters.addLast(task);
        if (timeout != null) {
            timer(currentTime.plus(timeout)).whenDone(() -> {
                if (!task.isDone()) {
                    waiters.remove(task);
                    task.fail(timedOut(name, timeout));
                }
            });
        }
        return task;
    }

    private static TaskCanceledException timedOut(String name, Duration timeout) {
        return new TaskCanceledException("External event '" + name + "' did not arrive within " + timeout, name);
    }

    @Override
    public <T> Task<List<T>> allOf(List<Task<T>> tasks) {
        checkRunnable();
        List<DurableTask<T>> children = new ArrayList<>(tasks.size());
        for (Task<T> t : tasks) {
            children.add(own(t));
        }
        return new AllOfTask<>(this, children);
    }

    @Override
    public Task<Task<?>> anyOf(List<Task<?>> tasks) {
        checkRunnable();
        List<DurableTask<?>> children = new ArrayList<>(tasks.size());
        for (Task<?> t : tasks) {
            children.add(own(t));
        }
        return new AnyOfTask(this, children);
    }

    private <T> DurableTask<T> own(Task<T> task) {
        if (task instanceof DurableTask<T> d && d.ctx == this) {
            return d;
        }
        throw new IllegalArgumentException("allOf/anyOf take tasks created by this orchestration's context, got "
                + task);
    }

    @Override
    public void sendEvent(String instanceId, String eventName, Object data) {
        checkRunnable();
        InstanceIds.validate(instanceId);
        requireName(eventName, "event name");
        String json = converter.serialize(data);
        int id = nextTaskId();
        unconfirmed.put(id, new Scheduled(new OrchestratorAction.SendEvent(id, instanceId, eventName, json),
                new HistoryEvent.EventSent(currentTime, id, instanceId, eventName, json), "EventSent", eventName));
    }

    @Override
    public void continueAsNew(Object input, boolean preserveUnprocessedEvents) {
        checkRunnable();
        this.continueAsNew = true;
        this.continueAsNewInput = converter.serialize(input);
        this.preserveUnprocessedEvents = preserveUnprocessedEvents;
    }

    @Override
    public void setCustomStatus(Object status) {
        checkRunnable();
        String json = converter.serialize(status);
        if (json != null && json.getBytes(StandardCharsets.UTF_8).length > MAX_CUSTOM_STATUS_BYTES) {
            throw new IllegalArgumentException("custom status is " + json.getBytes(StandardCharsets.UTF_8).length
                    + " bytes of JSON; the limit is " + MAX_CUSTOM_STATUS_BYTES + " bytes. Keep large data in an "
                    + "activity's output or an external store and put a reference in the custom status.");
        }
        customStatus = json;
        customStatusSet = true;
    }

    private static void requireName(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(what + " must not contain control characters; found U+"
                        + String.format("%04X", (int) value.charAt(i)) + " at position " + i);
            }
        }
    }
}
