package dev.reprise.store;

import dev.reprise.api.HistoryEvent;
import dev.reprise.config.RepriseConfig;
import dev.reprise.history.HistoryCodec;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The durable changes of the engine, each one atomic commit: orchestration steps (one statement for any step, and for
 * many at once), starts, messages to an instance, and the leases this process gives up.
 */
@ApplicationScoped
public class OrchestrationStore {

    private final Pool pool;
    private final HistoryCodec codec;
    private final String taskHub;
    private final InstanceRepository instances;
    private final InboxRepository inbox;
    private final WorkItemRepository workItems;
    private final Notifications notifications;

    OrchestrationStore(Pool pool, HistoryCodec codec, RepriseConfig config, InstanceRepository instances,
                       InboxRepository inbox, WorkItemRepository workItems, Notifications notifications) {
        this.pool = pool;
        this.codec = codec;
        this.taskHub = config.taskHub();
        this.instances = instances;
        this.inbox = inbox;
        this.workItems = workItems;
        this.notifications = notifications;
    }

    public Pool pool() {
        return pool;
    }

    /**
     * What committing one step did.
     *
     * @param appendedBytes  the history payload size appended, in characters of JSON
     * @param localWorkItems the work items written leased to this process, by task ID
     * @param messagedEntities whether the commit wrote messages to entities (this step's, another step's of the same
     *                       group commit, or the lock releases of an execution that ended), so entities have work
     * @param failure        why nothing was written: a {@link LeaseLostException} when the instance's lease, its
     *                       history or a locally run work item is no longer this process's; the database's error
     *                       when it refused the step's data; {@code null} when committed
     */
    public record StepOutcome(long appendedBytes, Map<Integer, Long> localWorkItems, boolean messagedEntities,
                              Throwable failure) {

        static StepOutcome failed(Throwable failure) {
            return new StepOutcome(0, Map.of(), false, failure);
        }
    }

    /**
     * Commits steps of distinct instances in one statement (group commit). A step takes effect only if {@code owner}
     * still holds its instance's lease, the stored history has the size the step started from, and every work item in
     * {@link StepCommit#completedWorkItems()} is still leased to {@code owner}; otherwise its outcome carries a
     * {@link LeaseLostException} and nothing of it was written. If the statement fails as a whole (e.g. one step's
     * data is refused), each step is committed alone, so a failure is reported only for the step that caused it.
     *
     * @return one outcome per step, in order; the Uni itself fails only when a lone step's statement fails
     */
    public Uni<List<StepOutcome>> commitSteps(String owner, List<StepCommit> steps) {
        Uni<List<StepOutcome>> together = commitTogether(owner, steps);
        if (steps.size() == 1) {
            return together;
        }
        return together.onFailure().recoverWithUni(e -> Multi.createFrom().iterable(steps)
                .onItem().transformToUniAndConcatenate(step -> commitTogether(owner, List.of(step))
                        .map(outcomes -> outcomes.get(0))
                        .onFailure().recoverWithItem(StepOutcome::failed))
                .collect().asList());
    }

    private Uni<List<StepOutcome>> commitTogether(String owner, List<StepCommit> steps) {
        StepStatement statement = new StepStatement(steps, owner, codec);
        boolean notifyActivities = statement.queuesActivities() && notifications.due(Notifications.ACTIVITIES);
        boolean notifyOrchestrations = statement.wakesOrchestrations()
                && notifications.due(Notifications.ORCHESTRATIONS);
        return pool.preparedQuery(statement.sql()).execute(statement.tuple(taskHub, notifyActivities,
                        notifyOrchestrations, Notifications.CHANNEL, notifications.payload(Notifications.ACTIVITIES),
                        notifications.payload(Notifications.ORCHESTRATIONS),
                        statement.mayMessageEntities() && notifications.due(Notifications.ENTITIES),
                        notifications.payload(Notifications.ENTITIES)))
                .map(rows -> statement.results(rows.iterator().next()).stream()
                        .map(r -> r.applied() ? new StepOutcome(r.appendedBytes(), r.localWorkItems(),
                                r.messagedEntities(), null)
                                : StepOutcome.failed(new LeaseLostException("instance '" + r.instanceId()
                                        + "' (its lease, its history or a work item it ran moved on)")))
                        .toList());
    }

    /**
     * An instance to start; with {@code leaseUntil}, written already leased to {@code owner}; with
     * {@code replaceFinished}, replacing a finished instance of the same ID.
     */
    public record NewInstance(InstanceRecord instance, String owner, Instant leaseUntil, boolean replaceFinished) {
    }

    /**
     * Creates Pending instances with their start messages, in one statement; a finished instance's ID is reused (its
     * old history, messages and work items deleted in the same commit) when the start allows it. Other replicas get a
     * hint.
     *
     * @return per instance, in order: the id of its start message, or {@code null} when an instance with that ID
     *         exists and may not be replaced (nothing was written for it)
     */
    public Uni<List<Long>> createInstances(List<NewInstance> starts) {
        StartStatement statement = new StartStatement(starts.stream().map(s -> new StartStatement.Start(
                s.instance(), s.leaseUntil() == null ? null : s.owner(), s.leaseUntil(), s.replaceFinished()))
                .toList(), codec);
        Uni<List<Long>> together = pool.preparedQuery(StartStatement.SQL)
                .execute(statement.tuple(taskHub, notifications.due(Notifications.ORCHESTRATIONS),
                        Notifications.CHANNEL, notifications.payload(Notifications.ORCHESTRATIONS)))
                .map(statement::results);
        if (starts.size() == 1) {
            return together;
        }
        // Two starts of one ID in one statement fail it as a whole; alone, the second finds the first.
        return together.onFailure().recoverWithUni(e -> Multi.createFrom().iterable(starts)
                .onItem().transformToUniAndConcatenate(s -> createInstances(List.of(s)).map(ids -> ids.get(0))
                        .onItem().ifNull().continueWith(() -> NOT_STARTED))
                .map(id -> id == NOT_STARTED ? null : id)
                .collect().asList());
    }

    /** A stand-in for "not started" in a stream that cannot carry {@code null}. */
    private static final Long NOT_STARTED = Long.MIN_VALUE;

    /** Delivers {@code event} to an instance's inbox (external event, terminate, suspend, resume). */
    public Uni<Void> sendToInstance(String instanceId, HistoryEvent event, Instant now) {
        return pool.withTransaction(tx -> inbox.send(tx, List.of(InboxMessage.toSend(instanceId, null, event, now)),
                now).chain(() -> notifications.notify(tx, Notifications.ORCHESTRATIONS)));
    }

    /**
     * Drops messages that can no longer change the instance (it finished, or they belong to an old execution); with
     * {@code release}, also gives up {@code owner}'s lease on it.
     */
    public Uni<Void> discard(String owner, String instanceId, List<Long> messageIds, boolean release) {
        if (!release) {
            return inbox.delete(pool, messageIds);
        }
        return pool.withTransaction(tx -> inbox.delete(tx, messageIds)
                .chain(() -> instances.release(tx, instanceId, owner)));
    }

    /**
     * Gives up every lease {@code owner} holds, instances and work items, and tells the other replicas, so they take
     * the work over at once instead of after the leases expire. Emits how many leases were released.
     */
    public Uni<Integer> releaseAll(String owner, Instant now) {
        return pool.withTransaction(tx -> instances.releaseAll(tx, owner)
                .chain(released -> workItems.releaseAll(tx, owner, now).map(more -> released + more))
                .call(released -> released == 0 ? Uni.createFrom().voidItem()
                        : notifications.notifyNow(tx, Notifications.ORCHESTRATIONS)
                        .chain(() -> notifications.notifyNow(tx, Notifications.ACTIVITIES))));
    }

    /**
     * Gives up {@code owner}'s leases on instances it no longer keeps, so they can be claimed again at once; a hint
     * tells other replicas, which may have messages for them.
     */
    public Uni<Void> release(String owner, List<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return instances.release(pool, instanceIds, owner)
                .call(released -> released == 0 ? Uni.createFrom().voidItem()
                        : notifications.notify(pool, Notifications.ORCHESTRATIONS))
                .replaceWithVoid();
    }

    /**
     * Makes the work items {@code owner} holds for {@code instanceId} claimable by anyone at once, except those in
     * {@code running}: after a step whose commit may or may not have happened, the items it may have written leased
     * here must not wait for their lease to expire.
     */
    public Uni<Void> releaseWorkItems(String owner, String instanceId, List<Long> running, Instant now) {
        return workItems.releaseIdle(pool, owner, instanceId, running, now);
    }
}
