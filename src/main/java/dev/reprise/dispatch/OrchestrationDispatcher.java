package dev.reprise.dispatch;

import dev.reprise.api.HistoryEvent;
import dev.reprise.config.RepriseConfig;
import dev.reprise.store.InboxMessage;
import dev.reprise.store.InboxRepository;
import dev.reprise.store.InstanceRecord;
import dev.reprise.store.InstanceRepository;
import dev.reprise.store.Leased;
import dev.reprise.store.OrchestrationStore;
import dev.reprise.store.WorkItem;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs orchestration steps. Instances are claimed from the store when they have due messages (taken over after a
 * crashed owner's lease expired), and kept afterwards (sticky): their lease stays here, renewed, and their history or
 * extended session stays in memory, so their next step needs no claim and no load. A step runs as soon as work for a
 * kept instance arrives: an activity outcome of this process, its start when it was started here, or due messages
 * a claim found. One step at a time per instance; steps of many instances share one commit.
 */
@Singleton
public class OrchestrationDispatcher extends PumpedDispatcher<KeptInstance> {

    private static final Logger LOG = Logger.getLogger(OrchestrationDispatcher.class);
    private static final int LEASE_RENEWALS_PER_PERIOD = 3;
    private static final int MAX_STARTS_PER_COMMIT = 500;

    private final RepriseConfig config;
    private final Clock clock;
    private final EngineIdentity identity;
    private final OrchestrationStore store;
    private final InstanceRepository instances;
    private final InboxRepository inbox;
    private final KeptInstances kept;
    private final StepPipeline steps;
    private final StepCommitter committer;
    private final StepReplay replay;
    private final Telemetry telemetry;
    private final VersionGate versions;
    private final Vertx vertx;
    private final GroupCommit<OrchestrationStore.NewInstance, Long> starts;
    private final AtomicLong timersFired = new AtomicLong();
    private final DueWakeup dueWakeup;
    private long renewTimer = -1;

    OrchestrationDispatcher(RepriseConfig config, Clock clock, EngineIdentity identity, OrchestrationStore store,
                            InstanceRepository instances, InboxRepository inbox, KeptInstances kept,
                            StepPipeline steps, StepCommitter committer, StepReplay replay,
                            ActivityDispatcher activities, Telemetry telemetry, VersionGate versions, Vertx vertx) {
        super("orchestration dispatcher", clock, config.orchestrations().concurrency());
        this.config = config;
        this.clock = clock;
        this.identity = identity;
        this.store = store;
        this.instances = instances;
        this.inbox = inbox;
        this.kept = kept;
        this.steps = steps;
        this.committer = committer;
        this.replay = replay;
        this.telemetry = telemetry;
        this.versions = versions;
        this.vertx = vertx;
        this.dueWakeup = new DueWakeup(vertx, clock, this::wake);
        this.starts = new GroupCommit<>(MAX_STARTS_PER_COMMIT, store::createInstances);
        activities.deliverOutcomesTo(this::acceptOutcome);
    }

    @Override
    public void start() {
        long every = Math.max(1, config.orchestrations().leaseDuration().toMillis() / LEASE_RENEWALS_PER_PERIOD);
        renewTimer = vertx.setPeriodic(every, id -> renewLeases());
        replay.startWatching();
        super.start();
    }

    /**
     * Stops claiming; steps in flight finish. Then every kept instance is let go: sessions close, and outcomes no
     * step took go through the inbox. The leases themselves are released by the engine's shutdown, after this.
     */
    @Override
    public CompletableFuture<Void> stop() {
        return super.stop().whenComplete((ignored, failure) -> {
            vertx.cancelTimer(renewTimer);
            takeQueued();
            kept.clear().forEach(committer::drop);
        });
    }

    @Override
    Uni<List<KeptInstance>> claim(int limit) {
        Instant now = clock.instant();
        Instant leaseUntil = now.plus(config.orchestrations().leaseDuration());
        return instances.claim(store.pool(), now, limit, identity.owner(), leaseUntil, kept.busy(),
                versions.claimFilter()).chain(leases -> {
            if (leases.isEmpty()) {
                return scheduleNextDue(now).replaceWith(List.<KeptInstance>of());
            }
            List<KeptInstance> claimed = new ArrayList<>(leases.size());
            for (Leased<InstanceRepository.ClaimedInstance> lease : leases) {
                InstanceRecord instance = lease.value().instance();
                if (lease.tookOver()) {
                    LOG.infof("Took over instance '%s' from %s, whose lease expired", instance.instanceId(),
                            lease.previousOwner());
                    telemetry.leaseTakenOver(Telemetry.LeaseKind.ORCHESTRATION);
                }
                KeptInstance k = kept.get(instance.instanceId());
                if (k == null || !k.inStepWith(instance.executionId(), lease.value().historySize())) {
                    if (k != null) {
                        committer.drop(k); // another replica moved it on meanwhile: its copy here is stale
                    }
                    k = new KeptInstance(instance, lease.value().historySize(), null);
                    kept.put(k);
                }
                if (k.inboxDue()) {
                    claimed.add(k);
                }
            }
            return Uni.createFrom().item(claimed);
        });
    }

    /** Wakes the dispatcher when the earliest durable timer falls due, so timers fire on time, not at the next poll. */
    private Uni<Void> scheduleNextDue(Instant now) {
        return inbox.nextDueAfter(store.pool(), now).invoke(next -> dueWakeup.at(next, now)).replaceWithVoid();
    }

    @Override
    Uni<Void> process(KeptInstance instance) {
        boolean keep = isRunning();
        return steps.run(instance, keep)
                .invoke(timers -> timersFired.addAndGet(timers))
                .eventually(() -> {
                    if (instance.stepEnded()) {
                        submit(instance); // more arrived while the step ran
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Starts an instance, as a client's start request: the Pending instance and its start message in one commit
     * (group-committed with other starts). While this process runs orchestrations and can keep the instance, it is
     * written already leased here and its first step runs at once, without a claim.
     *
     * @param replaceFinished whether it replaces a finished instance of the same ID
     * @return {@code false} when an instance with that ID exists and may not be replaced (nothing was written)
     */
    public Uni<Boolean> start(InstanceRecord instance, boolean replaceFinished) {
        Instant now = clock.instant();
        // An instance kept here has not finished: this start will be refused, and must not disturb it. One of a
        // version this process does not run is left to the claims of the processes that do (or, under
        // versioning.failure=fail, to this process's claim, whose step fails it).
        boolean inPlace = isRunning() && instance.scheduledStartAt() == null && kept.fits(0)
                && kept.get(instance.instanceId()) == null && versions.runs(instance.version());
        Instant leaseUntil = inPlace ? now.plus(config.orchestrations().leaseDuration()) : null;
        // Kept (and busy) before the commit, so a claim that sees the new row leased here leaves it to this start.
        KeptInstance k = inPlace ? new KeptInstance(instance, 0, List.of()) : null;
        if (k != null) {
            k.holdForStart();
            kept.put(k);
        }
        return starts.submit(new OrchestrationStore.NewInstance(instance, identity.owner(), leaseUntil,
                        replaceFinished))
                .map(startMessage -> {
                    if (startMessage == null) {
                        forget(k);
                        return false;
                    }
                    if (k == null) {
                        wake();
                        return true;
                    }
                    HistoryEvent started = new HistoryEvent.ExecutionStarted(instance.createdAt(), instance.name(),
                            instance.instanceId(), instance.executionId(), instance.input(), null, -1,
                            instance.version());
                    k.startWith(new InboxMessage(startMessage, instance.instanceId(), instance.executionId(),
                            started, instance.createdAt()));
                    submit(k);
                    return true;
                })
                .onFailure().invoke(e -> forget(k));
    }

    private void forget(KeptInstance k) {
        if (k != null) {
            kept.remove(k);
            k.drop();
        }
    }

    /**
     * An activity this process ran has an outcome: when its instance is kept here, the outcome is committed with the
     * instance's next step (one commit for both). Returns {@code false} when it must go through the inbox instead.
     */
    boolean acceptOutcome(WorkItem item, HistoryEvent outcome) {
        if (!isRunning()) {
            return false;
        }
        KeptInstance k = kept.get(item.instanceId());
        Boolean submit = k == null ? null : k.offer(new KeptInstance.LocalOutcome(item, outcome));
        if (submit == null) {
            return false;
        }
        if (submit) {
            submit(k);
        }
        return true;
    }

    /** Extends the leases of the kept instances; a failed renewal is retried at the next tick. */
    private void renewLeases() {
        List<String> ids = kept.ids();
        if (ids.isEmpty()) {
            return;
        }
        instances.renew(store.pool(), ids, identity.owner(), clock.instant()
                        .plus(config.orchestrations().leaseDuration()))
                .subscribe().with(ok -> { }, e -> LOG.debugf("Renewing %d instance leases failed: %s", ids.size(), e));
    }

    /** Steps this process ran by continuing a kept session instead of replaying the history. */
    public long stepsInSession() {
        return committer.stepsInSession();
    }

    /** Orchestration steps this process committed since it started. */
    public long stepsCommitted() {
        return committer.stepsCommitted();
    }

    /** Durable timers the steps of this process applied since it started. */
    long timersFired() {
        return timersFired.get();
    }

    /** Instances this process keeps now. */
    public int keptInstances() {
        return kept.size();
    }
}
