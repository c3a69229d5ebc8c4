package dev.reprise.dispatch;

import dev.reprise.api.FailureDetails;
import dev.reprise.api.NonRetriableException;
import dev.reprise.api.OrchestrationLimitException;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.config.RepriseConfig;
import dev.reprise.api.HistoryEvent;
import dev.reprise.history.OrchestratorAction;
import dev.reprise.dispatch.Telemetry.LeaseKind;
import dev.reprise.replay.ReplayEngine;
import dev.reprise.replay.ReplayResult;
import dev.reprise.replay.ReplaySession;
import dev.reprise.store.HistoryRepository;
import dev.reprise.store.InboxMessage;
import dev.reprise.store.InboxRepository;
import dev.reprise.store.InstanceRecord;
import dev.reprise.store.InstanceRepository;
import dev.reprise.store.LeaseLostException;
import dev.reprise.store.Leased;
import dev.reprise.store.LoadedHistory;
import dev.reprise.store.OrchestrationStore;
import dev.reprise.store.StepCommit;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs orchestration steps: claims instances with due messages, replays each against its history with all its waiting
 * messages at once (as Durable Functions batches them), and commits the step in one transaction.
 */
@Singleton
public class OrchestrationDispatcher extends PumpedDispatcher<OrchestrationDispatcher.StepInput> {

    private static final Logger LOG = Logger.getLogger(OrchestrationDispatcher.class);

    /**
     * A claimed instance with what the step needs: either its kept session (then {@code history} is {@code null}) or
     * its history from the store.
     */
    record StepInput(InstanceRecord instance, LoadedHistory history, SessionCache.Entry session,
                   List<InboxMessage> messages) {
        @Override
        public String toString() {
            return "instance '" + instance.instanceId() + "'";
        }
    }

    private static final Duration COMMIT_RETRY_FIRST = Duration.ofMillis(100);
    private static final Duration COMMIT_RETRY_MAX = Duration.ofSeconds(2);
    private static final int MAX_STEPS_PER_COMMIT = 100;

    private final AtomicLong stepsCommitted = new AtomicLong();
    private final AtomicLong stepsInSession = new AtomicLong();
    private final RepriseConfig config;
    private final Clock clock;
    private final EngineIdentity identity;
    private final OrchestrationStore store;
    private final InstanceRepository instances;
    private final HistoryRepository history;
    private final InboxRepository inbox;
    private final FunctionRegistry registry;
    private final ReplayEngine replay;
    private final CompletionSignals completions;
    private final Wakeups wakeups;
    private final Vertx vertx;
    private final SessionCache sessions;
    /** Steps that finish while a commit is in flight go together in the next one. */
    private final GroupCommit<StepCommit, OrchestrationStore.StepOutcome> stepCommits;
    private long dueTimerId = -1;
    private Instant dueTimerAt;
    @Inject
    Telemetry telemetry;

    OrchestrationDispatcher(RepriseConfig config, Clock clock, EngineIdentity identity, OrchestrationStore store,
                            InstanceRepository instances, HistoryRepository history, InboxRepository inbox,
                            FunctionRegistry registry, ReplayEngine replay, CompletionSignals completions,
                            Wakeups wakeups, Vertx vertx, SessionCache sessions) {
        super("orchestration dispatcher", clock, config.orchestrations().concurrency());
        this.config = config;
        this.clock = clock;
        this.identity = identity;
        this.store = store;
        this.instances = instances;
        this.history = history;
        this.inbox = inbox;
        this.registry = registry;
        this.replay = replay;
        this.completions = completions;
        this.wakeups = wakeups;
        this.vertx = vertx;
        this.sessions = sessions;
        this.stepCommits = new GroupCommit<>(MAX_STEPS_PER_COMMIT, batch -> store.commitSteps(identity.owner(), batch));
    }

    @Override
    Uni<List<StepInput>> claim(int limit) {
        Instant now = clock.instant();
        Instant leaseUntil = now.plus(config.orchestrations().leaseDuration());
        return instances.claim(store.pool(), now, limit, identity.owner(), leaseUntil).chain(leases -> {
            if (leases.isEmpty()) {
                return scheduleNextDue(now).replaceWith(List.<StepInput>of());
            }
            List<InstanceRecord> claimed = new ArrayList<>(leases.size());
            Map<String, SessionCache.Entry> kept = new HashMap<>();
            List<String> toLoad = new ArrayList<>();
            for (Leased<InstanceRepository.ClaimedInstance> lease : leases) {
                InstanceRecord instance = lease.value().instance();
                if (lease.tookOver()) {
                    LOG.infof("Took over instance '%s' from %s, whose lease expired", instance.instanceId(),
                            lease.previousOwner());
                    telemetry.leaseTakenOver(LeaseKind.ORCHESTRATION);
                }
                claimed.add(instance);
                SessionCache.Entry session = sessions.take(instance.instanceId(), instance.executionId(),
                        lease.value().historySize());
                if (session != null) {
                    kept.put(instance.instanceId(), session);
                } else {
                    toLoad.add(instance.instanceId());
                }
            }
            List<String> ids = claimed.stream().map(InstanceRecord::instanceId).toList();
            Uni<Map<String, LoadedHistory>> histories = toLoad.isEmpty() ? Uni.createFrom().item(Map.of())
                    : history.load(store.pool(), toLoad);
            return histories.chain(loaded -> inbox.loadDue(store.pool(), ids, now,
                            config.orchestrations().maxMessagesPerStep())
                    .map(messages -> assemble(claimed, loaded, kept, messages)));
        });
    }

    private static List<StepInput> assemble(List<InstanceRecord> claimed, Map<String, LoadedHistory> histories,
                                          Map<String, SessionCache.Entry> kept,
                                          Map<String, List<InboxMessage>> messages) {
        List<StepInput> out = new ArrayList<>(claimed.size());
        for (InstanceRecord i : claimed) {
            out.add(new StepInput(i, histories.get(i.instanceId()), kept.get(i.instanceId()),
                    messages.get(i.instanceId())));
        }
        return out;
    }

    /** Wakes the dispatcher when the earliest durable timer falls due, so timers fire on time, not at the next poll. */
    private Uni<Void> scheduleNextDue(Instant now) {
        return inbox.nextDueAfter(store.pool(), now).invoke(next -> {
            if (next == null) {
                return;
            }
            synchronized (this) {
                if (dueTimerAt != null && !dueTimerAt.isAfter(next) && dueTimerAt.isAfter(now)) {
                    return;
                }
                if (dueTimerId >= 0) {
                    vertx.cancelTimer(dueTimerId);
                }
                long delayMs = Math.max(1, Duration.between(clock.instant(), next).toMillis() + 1);
                dueTimerAt = next;
                dueTimerId = vertx.setTimer(delayMs, id -> {
                    synchronized (this) {
                        dueTimerId = -1;
                        dueTimerAt = null;
                    }
                    wake();
                });
            }
        }).replaceWithVoid();
    }

    @Override
    Uni<Void> process(StepInput claimed) {
        InstanceRecord instance = claimed.instance();
        String owner = identity.owner();
        List<Long> stale = new ArrayList<>();
        List<InboxMessage> current = new ArrayList<>();
        boolean startsNow = claimed.messages().stream().anyMatch(m -> instance.executionId().equals(m.executionId())
                && m.event() instanceof HistoryEvent.ExecutionStarted);
        for (InboxMessage m : claimed.messages()) {
            boolean ofOldExecution = m.executionId() != null && !m.executionId().equals(instance.executionId());
            if (instance.runtimeStatus().isTerminal() || ofOldExecution) {
                stale.add(m.id());
            } else if (InstanceRepository.takes(instance.runtimeStatus(), startsNow, m.event())) {
                current.add(m);
            }
        }
        if (current.isEmpty()) {
            if (claimed.session() != null) {
                // Nothing changed the history: the session stays in step with the store.
                sessions.put(instance.instanceId(), claimed.session());
            }
            return store.discard(owner, instance.instanceId(), stale);
        }
        Instant now = clock.instant();
        List<HistoryEvent> newEvents = new ArrayList<>(current.size() + 1);
        newEvents.add(new HistoryEvent.OrchestratorStarted(now));
        // The start must precede anything raised to the instance before it ran.
        current.stream().map(InboxMessage::event)
                .sorted(Comparator.comparingInt(e -> e instanceof HistoryEvent.ExecutionStarted ? 0 : 1))
                .forEach(newEvents::add);
        List<Long> consumed = new ArrayList<>(stale);
        current.forEach(m -> consumed.add(m.id()));

        OrchestratorFunction function = Objects.requireNonNullElseGet(registry.orchestrator(instance.name()),
                () -> unknownOrchestrator(instance.name()));
        long maxHistory = config.orchestrations().maxHistorySize().asLongValue();
        Telemetry.Step observed = telemetry.startStep(instance);
        SessionCache.Entry kept = claimed.session();
        int historySize = kept != null ? kept.session().historySize() : claimed.history().events().size();
        long historyBytes = kept != null ? kept.payloadBytes() : claimed.history().payloadBytes();
        ReplaySession[] session = {kept != null ? kept.session() : null};
        return Uni.createFrom().item(() -> observed.replay(() -> {
                    if (historyBytes > maxHistory) {
                        if (session[0] != null) {
                            session[0].close(); // the instance fails; nothing will continue its code
                            session[0] = null;
                        }
                        return replay.failWithoutReplay(newEvents, historyTooLarge(instance, historyBytes,
                                maxHistory));
                    }
                    if (session[0] != null) {
                        stepsInSession.incrementAndGet();
                        return session[0].step(newEvents);
                    }
                    if (sessions.worthKeeping(historySize)) {
                        session[0] = ReplaySession.start(replay, function, claimed.history().events(), newEvents,
                                sessions.threads());
                        return session[0].lastResult();
                    }
                    return replay.execute(function, claimed.history().events(), newEvents);
                }))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(result -> commit(owner, claimed, historySize, result, consumed, now, observed)
                        .invoke(appended -> {
                            if (session[0] != null) {
                                sessions.put(instance.instanceId(), new SessionCache.Entry(session[0],
                                        instance.executionId(), historyBytes + appended));
                            }
                        })
                        // PostgreSQL refused what this step wrote (e.g. text it cannot store): retrying the same
                        // step can never succeed, so the instance fails with the reason instead.
                        .onFailure(OrchestrationDispatcher::isDataError).recoverWithUni(e -> {
                            if (session[0] != null) {
                                session[0].close();
                            }
                            return commit(owner, claimed, historySize, replay.failWithoutReplay(newEvents,
                                    FailureDetails.from(e, true)), consumed, now, observed);
                        }))
                .invoke(() -> {
                    if (claimed.messages().size() >= config.orchestrations().maxMessagesPerStep()) {
                        wake(); // more messages are waiting than one step takes
                    }
                })
                .onTermination().invoke((ok, failure, cancelled) -> {
                    observed.end(failure);
                    if (failure != null && session[0] != null) {
                        session[0].close(); // the store did not take this step: the session is ahead of it
                    }
                })
                .onFailure(LeaseLostException.class).invoke(e -> LOG.warn(e.getMessage()))
                .onFailure(LeaseLostException.class).recoverWithNull()
                .replaceWithVoid();
    }

    /** Also closes the sessions kept in memory: once stopped, this process no longer owns their instances' steps. */
    @Override
    public CompletableFuture<Void> stop() {
        return super.stop().whenComplete((ignored, failure) -> sessions.clear());
    }

    /** Steps this process ran by continuing a kept session instead of replaying the history. */
    public long stepsInSession() {
        return stepsInSession.get();
    }

    /** Orchestration steps this process committed since it started. */
    public long stepsCommitted() {
        return stepsCommitted.get();
    }

    /** SQLSTATE class 22, data exception: the rows themselves are unacceptable, whatever the retry. */
    private static boolean isDataError(Throwable e) {
        return e instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("22");
    }

    /** Retry a failed commit while the lease still has most of its time left; after that it is another's turn. */
    private long commitRetryWindowMs() {
        return config.orchestrations().leaseDuration().toMillis() / 2;
    }

    private static FailureDetails historyTooLarge(InstanceRecord instance, long historyBytes, long max) {
        return FailureDetails.of(OrchestrationLimitException.class.getName(), "The history of orchestration '"
                + instance.name() + "' (instance '" + instance.instanceId() + "') is " + historyBytes
                + " bytes, over the limit of " + max + " bytes. Use continueAsNew to restart long-running "
                + "orchestrations with a fresh history, keep large payloads out of inputs and outputs, or raise "
                + "reprise.orchestrations.max-history-size.", true);
    }

    private OrchestratorFunction unknownOrchestrator(String name) {
        return ctx -> {
            throw new NonRetriableException("No orchestrator named '" + name + "' is registered in this application; "
                    + "registered orchestrators: " + registry.orchestratorNames()
                    + ". Register a bean with @Orchestrator(\"" + name + "\") or start one of those.");
        };
    }

    private Uni<Long> commit(String owner, StepInput claimed, int historySize, ReplayResult result,
                             List<Long> consumed, Instant now, Telemetry.Step observed) {
        InstanceRecord before = claimed.instance();
        OrchestrationRuntimeStatus status = result.status();
        boolean continued = status == OrchestrationRuntimeStatus.ContinuedAsNew;
        FailureDetails failure = result.failure();
        InstanceRecord after = new InstanceRecord(before.instanceId(),
                continued ? UUID.randomUUID().toString() : before.executionId(), before.name(), status,
                continued ? result.output() : before.input(),
                status.isTerminal() ? result.output() : null,
                result.customStatus(), failure, before.parentInstanceId(), before.parentTaskId(),
                before.parentExecutionId(), before.createdAt(), now, status.isTerminal() ? now : null,
                before.scheduledStartAt(), before.traceParent());
        if (failure != null) {
            LOG.infof("Orchestration '%s' (instance '%s') failed: %s: %s", before.name(), before.instanceId(),
                    failure.errorType(), failure.errorMessage());
        }
        StepCommit step = new StepCommit(before, after, result.customStatusSet(), historySize,
                result.newHistory(), consumed, result.actions(), now, observed.traceParent());
        Uni<Long> commit = !store.batchable(step) ? store.commitStep(owner, step)
                : stepCommits.submit(step).chain(OrchestrationStore.StepOutcome::toUni);
        return commit
                // A commit can fail on a dropped connection; retrying is safe because it is all-or-nothing and
                // guarded by the lease (a retry after a commit whose answer was lost finds the lease gone).
                .onFailure(e -> !(e instanceof LeaseLostException) && !isDataError(e)).retry()
                .withBackOff(COMMIT_RETRY_FIRST, COMMIT_RETRY_MAX).expireIn(commitRetryWindowMs())
                .invoke(() -> {
                    stepsCommitted.incrementAndGet();
                    observed.committed(before, result, now);
                    if (status.isTerminal()) {
                        completions.signal(before.instanceId());
                    }
                    boolean resumed = before.runtimeStatus() == OrchestrationRuntimeStatus.Suspended
                            && status != OrchestrationRuntimeStatus.Suspended;
                    // Also re-arms the due-timer wake-up when the step created an earlier timer, and picks up
                    // messages that waited while the instance was suspended.
                    if (!result.actions().isEmpty() || continued || resumed) {
                        wake();
                    }
                    if (result.actions().stream().anyMatch(a -> a instanceof OrchestratorAction.ScheduleTask)) {
                        wakeups.activities();
                    }
                });
    }
}
