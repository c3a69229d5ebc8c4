package dev.reprise.dispatch;

import dev.reprise.api.ActivityFunction;
import dev.reprise.api.AsyncActivityFunction;
import dev.reprise.api.FailureDetails;
import dev.reprise.api.NonRetriableException;
import dev.reprise.config.RepriseConfig;
import dev.reprise.api.HistoryEvent;
import dev.reprise.dispatch.Telemetry.LeaseKind;
import dev.reprise.replay.PayloadConverter;
import dev.reprise.store.ActivityResults;
import dev.reprise.store.OrchestrationStore;
import dev.reprise.store.Leased;
import dev.reprise.store.WorkItem;
import dev.reprise.store.WorkItemRepository;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import io.vertx.mutiny.core.Vertx;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Runs activities: work items claimed from the store, and work items a step of this process wrote leased here (local
 * dispatch: no NOTIFY, no claim). Blocking activities run on worker threads, {@code Uni} activities on the calling
 * context. An outcome goes to its instance's next step when the instance is kept here (one commit for both);
 * otherwise it is committed with the work item's removal and sent to the instance's inbox, outcomes finishing together
 * in one statement (group commit).
 */
@Singleton
public class ActivityDispatcher extends PumpedDispatcher<WorkItem> {

    private static final Logger LOG = Logger.getLogger(ActivityDispatcher.class);
    private static final int LEASE_RENEWALS_PER_PERIOD = 3;
    private static final Duration COMMIT_RETRY_FIRST = Duration.ofMillis(100);
    private static final Duration COMMIT_RETRY_MAX = Duration.ofSeconds(2);
    private static final int MAX_RESULTS_PER_COMMIT = 500;
    /** How often running attempts are checked against their timeouts: the precision of activity timeouts. */
    private static final Duration TIMEOUT_CHECK_INTERVAL = Duration.ofMillis(100);

    private final RepriseConfig config;
    private final Clock clock;
    private final EngineIdentity identity;
    private final OrchestrationStore store;
    private final ActivityResults inboxResults;
    private final WorkItemRepository workItems;
    private final FunctionRegistry registry;
    private final PayloadConverter converter;
    private final Wakeups wakeups;
    private final Vertx vertx;
    /** Work items running here, whose leases the renewal timer extends. */
    private final Set<Long> running = ConcurrentHashMap.newKeySet();
    /** Attempts running here that have a timeout, by work item id. */
    private final Map<Long, ActivityAttempt> watched = new ConcurrentHashMap<>();
    private final ActivityCancellations cancellations = new ActivityCancellations();
    private final AtomicLong activitiesRecorded = new AtomicLong();
    private long renewTimer = -1;
    private long timeoutTimer = -1;
    /** Results finishing together are recorded together: one statement and one WAL flush per batch. */
    private final GroupCommit<ActivityResults.Outcome, Boolean> results;
    /** Where outcomes go first: the orchestration dispatcher, which takes those of instances it keeps. */
    private volatile BiPredicate<WorkItem, HistoryEvent> outcomes = (item, outcome) -> false;
    @Inject
    Telemetry telemetry;

    ActivityDispatcher(RepriseConfig config, Clock clock, EngineIdentity identity, OrchestrationStore store,
                       ActivityResults inboxResults, WorkItemRepository workItems, FunctionRegistry registry,
                       PayloadConverter converter, Wakeups wakeups, Vertx vertx) {
        super("activity dispatcher", clock, config.activities().concurrency());
        this.config = config;
        this.clock = clock;
        this.identity = identity;
        this.store = store;
        this.inboxResults = inboxResults;
        this.workItems = workItems;
        this.registry = registry;
        this.converter = converter;
        this.wakeups = wakeups;
        this.vertx = vertx;
        this.results = new GroupCommit<>(MAX_RESULTS_PER_COMMIT,
                batch -> inboxResults.complete(identity.owner(), batch));
    }

    @Override
    public void start() {
        long every = Math.max(1, config.activities().leaseDuration().toMillis() / LEASE_RENEWALS_PER_PERIOD);
        renewTimer = vertx.setPeriodic(every, id -> renewLeases());
        timeoutTimer = vertx.setPeriodic(TIMEOUT_CHECK_INTERVAL.toMillis(), id -> enforceTimeouts());
        super.start();
    }

    @Override
    public CompletableFuture<Void> stop() {
        return super.stop().whenComplete((done, failure) -> {
            vertx.cancelTimer(renewTimer);
            vertx.cancelTimer(timeoutTimer);
        });
    }

    /**
     * Fails the attempts past a timeout: their outcome is the timeout's failure, recorded as any outcome, and their
     * leases are no longer renewed; what the activity returns later is dropped.
     */
    private void enforceTimeouts() {
        if (watched.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (ActivityAttempt attempt : watched.values()) {
            HistoryEvent.TaskFailed failure = attempt.timedOut(now);
            if (failure != null) {
                running.remove(attempt.item().id());
                watched.remove(attempt.item().id(), attempt);
                if (attempt.timeOut(failure)) {
                    LOG.infof("%s", failure.failure().errorMessage());
                }
            }
        }
    }

    /** Extends the leases of everything running here; a failed renewal is retried at the next tick. */
    private void renewLeases() {
        List<Long> ids = List.copyOf(running);
        if (ids.isEmpty()) {
            return;
        }
        workItems.renew(store.pool(), ids, identity.owner(), clock.instant().plus(config.activities().leaseDuration()))
                .subscribe().with(held -> {
                    // An item no longer held was removed by the step that ended its execution (or its lease was
                    // taken over): whatever this run produces is dropped, so it is told to stop.
                    List<Long> gone = new ArrayList<>(ids);
                    gone.removeAll(held);
                    gone.removeIf(id -> !running.contains(id));
                    cancellations.cancel(gone);
                }, e -> LOG.debugf("Renewing %d activity leases failed: %s", ids.size(), e));
    }

    /**
     * That execution of {@code instanceId} ended in a step this process committed: its activities running here are
     * told at once (other processes learn it at their next lease renewal).
     */
    void executionEnded(String instanceId, String executionId) {
        cancellations.cancelExecution(instanceId, executionId);
    }

    /** Sends outcomes to {@code sink} first; those it refuses go through the inbox. */
    void deliverOutcomesTo(BiPredicate<WorkItem, HistoryEvent> sink) {
        this.outcomes = sink;
    }

    /** {@code true} when an activity of that name is registered here, so this process can run it. */
    boolean runs(String activityName) {
        return registry.activity(activityName) != null;
    }

    /** The work items running here, whose leases the renewal timer extends. */
    List<Long> running() {
        return List.copyOf(running);
    }

    /** Runs {@code item}, written leased to this process, in a slot {@link #tryReserve reserved} for it. */
    void runLocal(WorkItem item) {
        running.add(item.id());
        runReserved(item);
    }

    /**
     * Records outcomes of this process through the inbox: for instances that were kept here when the outcomes
     * arrived, but are no longer (their step failed, they were evicted, the engine stops).
     */
    void recordViaInbox(List<KeptInstance.LocalOutcome> spilled) {
        for (KeptInstance.LocalOutcome o : spilled) {
            viaInbox(o.item(), o.outcome()).subscribe().with(ok -> { }, e -> LOG.warnf("Recording the outcome of "
                    + "activity '%s' (task #%d of instance '%s') failed (%s); its redelivery reports it instead",
                    o.item().name(), o.item().taskId(), o.item().instanceId(), e.toString()));
        }
    }

    /** Activity results this process recorded since it started. */
    public long activitiesRecorded() {
        return activitiesRecorded.get();
    }

    @Override
    Uni<List<WorkItem>> claim(int limit) {
        Instant now = clock.instant();
        return workItems.claim(store.pool(), now, limit, identity.owner(),
                now.plus(config.activities().leaseDuration())).map(leases -> {
                    List<WorkItem> items = new ArrayList<>(leases.size());
                    for (Leased<WorkItem> lease : leases) {
                        WorkItem item = lease.value();
                        if (lease.tookOver()) {
                            LOG.infof("Took over activity '%s' (task #%d of instance '%s', delivery %d) from %s, "
                                    + "whose lease expired", item.name(), item.taskId(), item.instanceId(),
                                    item.deliveryCount(), lease.previousOwner());
                            telemetry.leaseTakenOver(LeaseKind.ACTIVITY);
                        }
                        running.add(item.id());
                        items.add(item);
                    }
                    return items;
                });
    }

    @Override
    Uni<Void> process(WorkItem item) {
        Telemetry.Activity observed = telemetry.startActivity(item);
        Instant start = clock.instant();
        ActivityCancellations.Running cancellation = cancellations.open(item.id(), item.instanceId(),
                item.executionId());
        ActivityAttempt attempt = new ActivityAttempt(item, start, cancellation);
        HistoryEvent.TaskFailed expired = attempt.timedOut(start);
        if (expired != null) {
            // Claimed past its deadline (its runner died, or nobody had room): it fails without running again.
            LOG.infof("%s", expired.failure().errorMessage());
            attempt.settle(expired);
        } else {
            if (item.hasTimeout()) {
                watched.put(item.id(), attempt);
            }
            attempt.running(run(item, observed, attempt, cancellation)
                    .map(json -> (HistoryEvent) new HistoryEvent.TaskCompleted(clock.instant(), item.taskId(), json))
                    .onFailure().recoverWithItem(failure -> new HistoryEvent.TaskFailed(clock.instant(),
                            item.taskId(), FailureDetails.from(failure, failure instanceof NonRetriableException)))
                    .subscribe().with(outcome -> settle(attempt, outcome)));
        }
        return attempt.outcome()
                .invoke(observed::finished)
                .chain(outcome -> {
                    running.remove(item.id());
                    if (outcomes.test(item, outcome)) {
                        activitiesRecorded.incrementAndGet();
                        return Uni.createFrom().voidItem(); // its instance's next step commits it
                    }
                    return viaInbox(item, outcome);
                })
                .eventually(() -> {
                    running.remove(item.id());
                    watched.remove(item.id(), attempt);
                    cancellations.close(item.id());
                })
                .onTermination().invoke((ok, failure, cancelled) -> observed.end(failure));
    }

    private static void settle(ActivityAttempt attempt, HistoryEvent outcome) {
        if (!attempt.settle(outcome)) {
            WorkItem item = attempt.item();
            LOG.infof("Activity '%s' (task #%d of instance '%s') finished after it timed out; its %s is dropped",
                    item.name(), item.taskId(), item.instanceId(), outcome.eventType());
        }
    }

    /** Commits an outcome with its work item's removal, as a message to the instance's inbox. */
    private Uni<Void> viaInbox(WorkItem item, HistoryEvent outcome) {
        return results.submit(new ActivityResults.Outcome(item, outcome, clock.instant()))
                // Keep the result through a dropped connection: the commit is all-or-nothing and guarded by the
                // lease, so a retry after a lost answer finds the work item gone and writes nothing.
                .onFailure().retry().withBackOff(COMMIT_RETRY_FIRST, COMMIT_RETRY_MAX)
                .expireIn(config.activities().leaseDuration().toMillis())
                .invoke(recorded -> {
                    if (recorded) {
                        activitiesRecorded.incrementAndGet();
                        wakeups.orchestrations();
                    } else {
                        LOG.warnf("Activity '%s' (task #%d of instance '%s') finished after its lease expired; "
                                + "its redelivery reports the result instead", item.name(), item.taskId(),
                                item.instanceId());
                    }
                })
                .replaceWithVoid();
    }

    private Uni<String> run(WorkItem item, Telemetry.Activity observed, ActivityAttempt attempt,
                            ActivityCancellations.Running cancellation) {
        Object function = registry.activity(item.name());
        ActivityContextImpl context = new ActivityContextImpl(item, converter,
                () -> attempt.heartbeat(clock.instant()), cancellation);
        if (function instanceof ActivityFunction blocking) {
            return Uni.createFrom().item(() -> {
                try (Scope ignored = observed.makeCurrent()) {
                    return converter.serialize(blocking.run(context));
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new ActivityException(e);
                }
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .onFailure(ActivityException.class).transform(Throwable::getCause);
        }
        if (function instanceof AsyncActivityFunction async) {
            Uni<Object> result = Uni.createFrom().deferred(() -> {
                try (Scope ignored = observed.makeCurrent()) {
                    return async.run(context);
                }
            });
            // Whichever ends first: the activity, or its cancellation, which cancels the activity's Uni.
            Uni<Object> cancelled = Uni.createFrom().emitter(e -> cancellation.onCancel(() -> e.fail(
                    new CancellationException("Activity '" + item.name() + "' was cancelled: its orchestration "
                            + "execution ended or its lease was lost"))));
            return Uni.combine().any().of(result, cancelled).map(converter::serialize);
        }
        return Uni.createFrom().failure(new NonRetriableException("No activity named '" + item.name()
                + "' is registered in this application; registered activities: " + registry.activityNames()
                + ". Register a bean with @Activity(\"" + item.name() + "\") or call one of those."));
    }

    /** Carries a checked exception out of a blocking activity unchanged. */
    private static final class ActivityException extends RuntimeException {
        ActivityException(Exception cause) {
            super(cause);
        }
    }
}
