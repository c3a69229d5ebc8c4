package dev.reprise.dispatch;

import dev.reprise.api.FailureDetails;
import dev.reprise.api.HistoryEvent;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.config.RepriseConfig;
import dev.reprise.history.OrchestratorAction;
import dev.reprise.replay.ReplayEngine;
import dev.reprise.replay.ReplayResult;
import dev.reprise.replay.ReplaySession;
import dev.reprise.store.InstanceRecord;
import dev.reprise.store.LeaseLostException;
import dev.reprise.store.OrchestrationStore;
import dev.reprise.store.StepCommit;
import dev.reprise.store.WorkItem;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Commits what a step's code did, and keeps the instance for its next step when it can: the lease stays with this
 * process, and the activities the step scheduled that this process runs are written already leased here and handed to
 * the local activity runner (no NOTIFY, no claim). Steps finishing together share one statement (group commit). When
 * the store refuses the step (the lease, the history or a work item moved on), the instance is dropped and the
 * outcomes it carried go through the inbox instead, so nothing is lost and nothing applied twice.
 */
@Singleton
class StepCommitter {

    private static final Logger LOG = Logger.getLogger(StepCommitter.class);
    private static final Duration RETRY_FIRST = Duration.ofMillis(100);
    private static final Duration RETRY_MAX = Duration.ofSeconds(2);
    private static final int MAX_STEPS_PER_COMMIT = 100;

    private final RepriseConfig config;
    private final Clock clock;
    private final EngineIdentity identity;
    private final OrchestrationStore store;
    private final KeptInstances kept;
    private final ActivityDispatcher activities;
    private final CompletionSignals completions;
    private final Wakeups wakeups;
    private final ReplayEngine engine;
    private final GroupCommit<StepCommit, OrchestrationStore.StepOutcome> commits;
    private final AtomicLong stepsCommitted = new AtomicLong();
    private final AtomicLong stepsInSession = new AtomicLong();

    StepCommitter(RepriseConfig config, Clock clock, EngineIdentity identity, OrchestrationStore store,
                  KeptInstances kept, ActivityDispatcher activities, CompletionSignals completions, Wakeups wakeups,
                  ReplayEngine engine) {
        this.engine = engine;
        this.config = config;
        this.clock = clock;
        this.identity = identity;
        this.store = store;
        this.kept = kept;
        this.activities = activities;
        this.completions = completions;
        this.wakeups = wakeups;
        this.commits = new GroupCommit<>(MAX_STEPS_PER_COMMIT, batch -> store.commitSteps(identity.owner(), batch));
    }

    Pool pool() {
        return store.pool();
    }

    long stepsCommitted() {
        return stepsCommitted.get();
    }

    long stepsInSession() {
        return stepsInSession.get();
    }

    /** The step found nothing it may apply: stale messages are deleted; an instance not kept is let go. */
    Uni<Void> nothingToApply(KeptInstance instance, KeptInstance.Work work, StepInputs inputs, boolean keep) {
        boolean letGo = !keep || work.instance().runtimeStatus().isTerminal() || !work.loaded();
        if (letGo) {
            drop(instance);
        }
        if (inputs.consumed().isEmpty() && !letGo) {
            return Uni.createFrom().voidItem();
        }
        return store.discard(identity.owner(), instance.instanceId, inputs.consumed(), letGo);
    }

    /** Commits the step's result, then keeps or drops the instance. */
    Uni<Void> commit(KeptInstance instance, KeptInstance.Work work, StepInputs inputs, StepReplay.Replayed replayed,
                     Instant now, Telemetry.Step observed, boolean keep) {
        if (work.session() != null) {
            stepsInSession.incrementAndGet();
        }
        ReplayResult result = replayed.result();
        Local local = local(work, result, now, keep);
        StepCommit step = stepCommit(work, inputs, result, now, observed, local.plan());
        return submit(step).map(o -> new Committed(o, step, result, replayed.session(), local))
                .onFailure(StepCommitter::isDataError).recoverWithUni(e -> {
                    // PostgreSQL refused what this step wrote (e.g. text it cannot store): retrying the same step can
                    // never succeed, so the instance fails with the reason instead.
                    local.release();
                    close(replayed.session());
                    ReplayResult failed = engine.failWithoutReplay(inputs.newEvents(), FailureDetails.from(e, true));
                    StepCommit failing = stepCommit(work, inputs, failed, now, observed, StepCommit.Local.NONE);
                    return submit(failing).map(o -> new Committed(o, failing, failed, null,
                            new Local(StepCommit.Local.NONE, activities, 0)));
                })
                .invoke(c -> committed(instance, work, c, now, observed))
                .onFailure().invoke(e -> lost(instance, work, local, replayed.session(), e))
                .onFailure(LeaseLostException.class).recoverWithNull()
                .replaceWithVoid();
    }

    /** A committed step: what the store answered, what was written, and what is kept for the next step. */
    private record Committed(OrchestrationStore.StepOutcome outcome, StepCommit step, ReplayResult result,
                             ReplaySession session, Local local) {
    }

    /** What this step keeps here: the lease, and slots of the local activity runner for the tasks it schedules. */
    private record Local(StepCommit.Local plan, ActivityDispatcher activities, int reserved) {
        void release() {
            activities.unreserve(reserved);
        }
    }

    private Local local(KeptInstance.Work work, ReplayResult result, Instant now, boolean keep) {
        OrchestrationRuntimeStatus status = result.status();
        boolean ends = status.isTerminal() || status == OrchestrationRuntimeStatus.ContinuedAsNew;
        if (!keep || ends) {
            return new Local(StepCommit.Local.NONE, activities, 0);
        }
        List<Integer> runnable = new ArrayList<>();
        for (OrchestratorAction action : result.actions()) {
            if (action instanceof OrchestratorAction.ScheduleTask t && activities.runs(t.name())) {
                runnable.add(t.taskId());
            }
        }
        int reserved = runnable.isEmpty() ? 0 : activities.tryReserve(runnable.size());
        Set<Integer> tasks = new HashSet<>(runnable.subList(0, reserved));
        boolean keepLease = kept.fits(work.payloadBytes());
        return new Local(new StepCommit.Local(keepLease ? now.plus(config.orchestrations().leaseDuration()) : null,
                tasks, now.plus(config.activities().leaseDuration())), activities, reserved);
    }

    private StepCommit stepCommit(KeptInstance.Work work, StepInputs inputs, ReplayResult result, Instant now,
                                  Telemetry.Step observed, StepCommit.Local local) {
        InstanceRecord before = work.instance();
        OrchestrationRuntimeStatus status = result.status();
        boolean continued = status == OrchestrationRuntimeStatus.ContinuedAsNew;
        InstanceRecord after = new InstanceRecord(before.instanceId(),
                continued ? UUID.randomUUID().toString() : before.executionId(), before.name(), status,
                continued ? result.output() : before.input(), status.isTerminal() ? result.output() : null,
                result.customStatus(), result.failure(), before.parentInstanceId(), before.parentTaskId(),
                before.parentExecutionId(), before.createdAt(), now, status.isTerminal() ? now : null,
                before.scheduledStartAt(), before.traceParent(), before.version());
        if (result.failure() != null) {
            LOG.infof("Orchestration '%s' (instance '%s') failed: %s: %s", before.name(), before.instanceId(),
                    result.failure().errorType(), result.failure().errorMessage());
        }
        return new StepCommit(before, after, result.customStatusSet(), work.historySize(), result.newHistory(),
                inputs.consumed(), inputs.completedItems(), result.actions(), now, observed.traceParent(), local);
    }

    /** A commit can fail on a dropped connection; retrying is safe: all-or-nothing, lease- and size-guarded. */
    private Uni<OrchestrationStore.StepOutcome> submit(StepCommit step) {
        return commits.submit(step)
                .chain(o -> o.failure() != null ? Uni.createFrom().failure(o.failure()) : Uni.createFrom().item(o))
                .onFailure(e -> !(e instanceof LeaseLostException) && !isDataError(e)).retry()
                .withBackOff(RETRY_FIRST, RETRY_MAX).expireIn(config.orchestrations().leaseDuration().toMillis() / 2);
    }

    private static boolean isDataError(Throwable e) {
        return e instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("22");
    }

    private void committed(KeptInstance instance, KeptInstance.Work work, Committed c, Instant now,
                           Telemetry.Step observed) {
        Local local = c.local();
        stepsCommitted.incrementAndGet();
        ReplayResult result = c.result();
        InstanceRecord before = work.instance();
        observed.committed(before, result, now);
        Map<Integer, Long> localItems = c.outcome().localWorkItems();
        local.activities().unreserve(local.reserved() - localItems.size());
        List<WorkItem> handOver = new ArrayList<>(localItems.size());
        for (OrchestratorAction action : result.actions()) {
            if (action instanceof OrchestratorAction.ScheduleTask t && localItems.containsKey(t.taskId())) {
                handOver.add(new WorkItem(localItems.get(t.taskId()), before.instanceId(), before.executionId(),
                        t.taskId(), t.name(), t.input(), 1, observed.traceParent(), t.timeout(), t.heartbeatTimeout(),
                        t.timeout() == null ? null : c.step().now().plus(t.timeout())));
            }
        }
        OrchestrationRuntimeStatus status = result.status();
        if (c.step().local().keepLeaseUntil() != null) {
            List<HistoryEvent> history = c.session() != null ? null : appended(work, result);
            instance.committed(c.step().after(), work.historySize() + result.newHistory().size(),
                    work.payloadBytes() + c.outcome().appendedBytes(), history, c.session());
            release(kept.touched(instance));
        } else {
            close(c.session());
            drop(instance);
        }
        handOver.forEach(activities::runLocal);
        if (status.isTerminal() || status == OrchestrationRuntimeStatus.ContinuedAsNew) {
            local.activities().executionEnded(before.instanceId(), before.executionId());
        }
        if (status.isTerminal()) {
            completions.signal(before.instanceId());
        }
        boolean resumed = before.runtimeStatus() == OrchestrationRuntimeStatus.Suspended
                && status != OrchestrationRuntimeStatus.Suspended;
        // Re-arms the due-timer wake-up when the step created an earlier timer, and claims what the step sent to
        // instances (events, child starts, a parent's result), what waited while the instance was suspended, and the
        // next execution's start after continue-as-new.
        if (result.actions().stream().anyMatch(StepCommitter::wakesOrchestrations)
                || (status.isTerminal() && before.parentInstanceId() != null)
                || status == OrchestrationRuntimeStatus.ContinuedAsNew || resumed) {
            wakeups.orchestrations();
        }
        // Entity messages the commit wrote: the step's own, or the releases of an execution that ended.
        if (c.outcome().messagedEntities()) {
            wakeups.entities();
        }
        if (handOver.size() < result.actions().stream().filter(a -> a instanceof OrchestratorAction.ScheduleTask)
                .count()) {
            wakeups.activities();
        }
    }

    private static boolean wakesOrchestrations(OrchestratorAction action) {
        return action instanceof OrchestratorAction.CreateTimer || action instanceof OrchestratorAction.SendEvent
                || action instanceof OrchestratorAction.CreateSubOrchestration
                || action instanceof OrchestratorAction.TerminateSubOrchestration;
    }

    private static List<HistoryEvent> appended(KeptInstance.Work work, ReplayResult result) {
        List<HistoryEvent> all = new ArrayList<>(work.history().size() + result.newHistory().size());
        all.addAll(work.history());
        all.addAll(result.newHistory());
        return all;
    }

    private static void close(ReplaySession session) {
        if (session != null) {
            session.close();
        }
    }

    /**
     * The store did not take the step: the instance is dropped here (another replica, or this one after a claim,
     * goes on from the store), and the outcomes it carried go through the inbox. Work items a commit whose answer
     * was lost may have written leased here are made claimable at once.
     */
    private void lost(KeptInstance instance, KeptInstance.Work work, Local local, ReplaySession session,
                      Throwable e) {
        local.release();
        close(session);
        if (e instanceof LeaseLostException) {
            LOG.warn(e.getMessage());
        }
        List<KeptInstance.LocalOutcome> outcomes = new ArrayList<>(work.outcomes());
        outcomes.addAll(instance.drop());
        kept.remove(instance);
        activities.recordViaInbox(outcomes);
        store.releaseWorkItems(identity.owner(), instance.instanceId, activities.running(), clock.instant())
                .subscribe().with(ok -> { }, f -> LOG.debugf("Releasing idle work items failed: %s", f));
        wakeups.orchestrations();
    }

    /** Stops keeping {@code instance}; outcomes that arrived for it meanwhile go through the inbox. */
    void drop(KeptInstance instance) {
        kept.remove(instance);
        activities.recordViaInbox(instance.drop());
    }

    /** Releases the leases of instances evicted for memory, so other replicas can take them at once. */
    void release(List<KeptInstance> evicted) {
        if (evicted.isEmpty()) {
            return;
        }
        evicted.forEach(e -> activities.recordViaInbox(e.drop()));
        store.release(identity.owner(), evicted.stream().map(e -> e.instanceId).toList())
                .subscribe().with(ok -> { }, e -> LOG.debugf("Releasing evicted instances failed: %s", e));
    }
}
