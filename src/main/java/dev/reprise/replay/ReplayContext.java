package dev.reprise.replay;

import dev.reprise.api.CriticalSection;
import dev.reprise.api.EntityInstanceId;
import dev.reprise.api.Names;
import dev.reprise.api.NonDeterministicOrchestrationException;
import dev.reprise.api.NonRetriableException;
import dev.reprise.api.OrchestrationLimitException;
import dev.reprise.api.RepriseException;
import dev.reprise.api.OrchestrationContext;
import dev.reprise.api.Task;
import dev.reprise.api.TaskOptions;
import dev.reprise.api.HistoryEvent;
import dev.reprise.history.OrchestratorAction;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The {@link OrchestrationContext} of one replay: the scheduling facade the code calls, and the driver that applies
 * history to it. History events are applied one at a time, in order ({@link HistoryCursor}), whenever the code awaits
 * something not yet done; each scheduling event must match the call the code made under the same task ID
 * ({@link ScheduledCalls}), or the replay fails as non-deterministic. External events go through the
 * {@link EventMailbox}, entity calls and critical sections through {@link EntityCalls}.
 */
final class ReplayContext implements OrchestrationContext {

    /** Largest custom status, in bytes of JSON, as Durable Functions' 16 KB limit. */
    static final int MAX_CUSTOM_STATUS_BYTES = 16 * 1024;

    private final PayloadConverter converter;
    private final ReplayLimits limits;
    private final ScheduledCalls calls = new ScheduledCalls();
    private final EventMailbox mailbox = new EventMailbox();
    private final EntityCalls entities;
    private final HistoryCursor history;
    private StepControl control = StepControl.NONE;
    private StepControl.Scope scope;

    private int nextTaskId;
    private int uuidCounter;
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
        this.entities = new EntityCalls(this, converter);
        this.history = new HistoryCursor(events, pastCount, calls, mailbox);
    }

    // ---- driving the replay (used by ReplayEngine, ReplaySession and tasks) ----

    void processUntilStarted() {
        history.applyUntilStarted();
    }

    /** The control of the step being run: its thread context, and whether the engine gave up on it. */
    void controlledBy(StepControl control) {
        this.control = control;
    }

    /** On the code's thread, before it runs (again): installs the step's thread context. */
    void enterControl() {
        scope = control.enter();
    }

    /** On the code's thread, when it waits or ends: removes what {@link #enterControl()} installed. */
    void leaveControl() {
        if (scope != null) {
            scope.close();
            scope = null;
        }
    }

    /** Set in a {@link ReplaySession}: waits for the next step's events instead of unwinding the code. */
    void parkWith(HistoryCursor.Parker parker) {
        history.parkWith(parker);
    }

    /** See {@link HistoryCursor#appendStep}. */
    void appendStep(List<HistoryEvent> previousTail, List<HistoryEvent> newEvents) {
        history.appendStep(previousTail, newEvents);
    }

    List<HistoryEvent> recordedHistory() {
        return history.events();
    }

    /** Applies the next history event, or unwinds the orchestrator when history holds nothing more. */
    void advanceOrBlock() {
        try {
            if (fatal == null && !control.abandoned() && history.applyNextOrWait()) {
                return;
            }
        } catch (NonDeterministicOrchestrationException e) {
            fatal = e;
        }
        throw block();
    }

    /** After the code returned, the rest of history must still agree with it. */
    void drainAfterCompletion() {
        try {
            history.applyRest();
        } catch (NonDeterministicOrchestrationException e) {
            fatal = e;
        }
    }

    void checkRunnable() {
        if (blocked || fatal != null || control.abandoned()) {
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
        return history.isSuspended();
    }

    long nextCompletionOrder() {
        return history.nextCompletionOrder();
    }

    <T> T decode(String json, Class<T> type) {
        return converter.deserialize(json, type);
    }

    /** Appends this replay's new calls as actions and history events, in task ID order. */
    void collectNewActions(List<OrchestratorAction> actions, List<HistoryEvent> newHistory, Instant stepTime) {
        calls.collectNew(actions, newHistory, stepTime);
    }

    boolean continueAsNewRequested() {
        return continueAsNew;
    }

    String continueAsNewInput() {
        return continueAsNewInput;
    }

    List<HistoryEvent.EventRaised> carryoverEvents() {
        return preserveUnprocessedEvents ? mailbox.carryover() : List.of();
    }

    String customStatus() {
        return customStatus;
    }

    boolean customStatusSet() {
        return customStatusSet;
    }

    Instant now() {
        return history.currentTime();
    }

    // ---- OrchestrationContext ----

    @Override
    public <T> T getInput(Class<T> type) {
        checkRunnable();
        try {
            return converter.deserialize(history.started().input(), type);
        } catch (IllegalArgumentException e) {
            // Every replay reads the same input, so it can never succeed: say which orchestration and why.
            throw new NonRetriableException("Input of orchestration '" + history.started().name()
                    + "' cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public String getInstanceId() {
        return history.started().instanceId();
    }

    @Override
    public String getName() {
        return history.started().name();
    }

    @Override
    public String getVersion() {
        return history.started().version() == null ? "" : history.started().version();
    }

    @Override
    public Instant getCurrentInstant() {
        return now();
    }

    @Override
    public UUID newUUID() {
        checkRunnable();
        return UUID.nameUUIDFromBytes(history.uuidSeed(uuidCounter++).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean isReplaying() {
        return history.isReplaying();
    }

    @Override
    public Logger getReplaySafeLogger(Class<?> category) {
        return new ReplaySafeLogger(Logger.getLogger(category), this);
    }

    @Override
    public <T> Task<T> callActivity(String name, Object input, TaskOptions options, Class<T> resultType) {
        checkRunnable();
        Names.functionName("activity name", name);
        Objects.requireNonNull(options, "options must not be null; use TaskOptions.none()");
        String inputJson = converter.serialize(input);
        if (!options.hasRetry()) {
            return activityAttempt(name, inputJson, options, resultType);
        }
        return new RetriableTask<>(this, name, resultType, options,
                () -> activityAttempt(name, inputJson, options, resultType));
    }

    private <T> DurableTask<T> activityAttempt(String name, String inputJson, TaskOptions options,
                                               Class<T> resultType) {
        int id = nextTaskId();
        DurableTask<T> task = new DurableTask<>(this, name, resultType);
        record(id, new OrchestratorAction.ScheduleTask(id, name, inputJson, options.startToCloseTimeout(),
                        options.heartbeatTimeout()),
                new HistoryEvent.TaskScheduled(now(), id, name, inputJson), "TaskScheduled", name, task);
        return task;
    }

    @Override
    public <T> Task<T> callSubOrchestrator(String name, Object input, String instanceId, TaskOptions options,
                                           Class<T> resultType) {
        checkRunnable();
        Names.functionName("orchestrator name", name);
        if (instanceId != null) {
            Names.instanceId(instanceId); // before a task ID is taken, so replay stays aligned
        }
        Objects.requireNonNull(options, "options must not be null; use TaskOptions.none()");
        CallChecks.noActivityTimeout(name, options);
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
        String childId = instanceId != null ? instanceId : history.started().instanceId() + ":" + id;
        DurableTask<T> task = new DurableTask<>(this, name, resultType);
        record(id, new OrchestratorAction.CreateSubOrchestration(id, name, childId, inputJson),
                new HistoryEvent.SubOrchestrationInstanceCreated(now(), id, name, childId, inputJson),
                "SubOrchestrationInstanceCreated", name, task);
        return task;
    }

    @Override
    public Task<Void> createTimer(Duration delay) {
        checkRunnable();
        Objects.requireNonNull(delay, "delay must not be null");
        return timer(now().plus(delay.isNegative() ? Duration.ZERO : delay));
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
        record(id, new OrchestratorAction.CreateTimer(id, fireAt), new HistoryEvent.TimerCreated(now(), id,
                fireAt), "TimerCreated", "timer", task);
        return task;
    }

    /** Allocates the next task ID, or stops the orchestration when it has scheduled too much. */
    int nextTaskId() {
        if (nextTaskId >= limits.maxActions()) {
            HistoryEvent.ExecutionStarted started = history.started();
            fatal = new OrchestrationLimitException("Orchestration '" + started.name() + "' (instance '"
                    + started.instanceId() + "') scheduled more than " + limits.maxActions() + " durable operations "
                    + "(activities, timers, sub-orchestrations, events) in one execution. Split the work into "
                    + "sub-orchestrations, use continueAsNew for loops, or raise reprise.orchestrations.max-actions.");
            throw block();
        }
        return nextTaskId++;
    }

    void record(int id, OrchestratorAction action, HistoryEvent event, String kind, String name,
                        DurableTask<?> task) {
        calls.record(id, action, event, kind, name, task);
    }

    @Override
    public <T> Task<T> waitForExternalEvent(String name, Duration timeout, Class<T> type) {
        checkRunnable();
        Names.eventName(name);
        return mailbox.waitFor(this, name, timeout, type);
    }

    @Override
    public <T> Task<List<T>> allOf(List<Task<T>> tasks) {
        checkRunnable();
        return AllOfTask.of(this, tasks);
    }

    @Override
    public Task<Task<?>> anyOf(List<Task<?>> tasks) {
        checkRunnable();
        return AnyOfTask.of(this, tasks);
    }

    @Override
    public void sendEvent(String instanceId, String eventName, Object data) {
        checkRunnable();
        Names.instanceId(instanceId);
        Names.eventName(eventName);
        String json = converter.serialize(data);
        int id = nextTaskId();
        calls.record(id, new OrchestratorAction.SendEvent(id, instanceId, eventName, json),
                new HistoryEvent.EventSent(now(), id, instanceId, eventName, json), "EventSent", eventName, null);
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
        CallChecks.customStatusSize(json, MAX_CUSTOM_STATUS_BYTES);
        customStatus = json;
        customStatusSet = true;
    }

    @Override
    public <T> Task<T> callEntity(EntityInstanceId entity, String operation, Object input, Duration timeout,
                                  Class<T> resultType) {
        checkRunnable();
        return entities.call(entity, operation, input, timeout, resultType);
    }

    @Override
    public void signalEntity(EntityInstanceId entity, String operation, Object input, Instant scheduledTime) {
        checkRunnable();
        entities.signal(entity, operation, input, scheduledTime);
    }

    @Override
    public Task<CriticalSection> lockEntities(List<EntityInstanceId> entityIds) {
        checkRunnable();
        return entities.lock(entityIds);
    }

    @Override
    public boolean isInCriticalSection() {
        return entities.inCriticalSection();
    }

    @Override
    public List<EntityInstanceId> getLockedEntities() {
        return entities.locked();
    }
}
