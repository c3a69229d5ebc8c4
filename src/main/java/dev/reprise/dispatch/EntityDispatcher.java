package dev.reprise.dispatch;

import dev.reprise.api.EntityInstanceId;
import dev.reprise.api.TaskEntity;
import dev.reprise.config.RepriseConfig;
import dev.reprise.history.EntityMessage;
import dev.reprise.replay.PayloadConverter;
import dev.reprise.store.EntityBatchCommit;
import dev.reprise.store.EntityInboxMessage;
import dev.reprise.store.EntityRecord;
import dev.reprise.store.EntityRepository;
import dev.reprise.store.EntityStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs durable entities: claims entities that have operations they may run (a lease, as for instances), loads up to
 * {@code reprise.entities.max-batch} of their waiting messages, runs them as one batch on a worker thread
 * ({@link EntityBatch}) and commits the batch in one statement, batches finishing together sharing it (group commit).
 * A batch the store refuses (the lease or the version moved on, or an execution it would leave holding the lock has
 * ended) writes nothing; the entity is released and its messages run again in a new batch. Also commits clients'
 * signals (group-committed) and wakes the dispatchers their messages are for.
 */
@Singleton
public class EntityDispatcher extends PumpedDispatcher<EntityDispatcher.EntityWork> {

    private static final Logger LOG = Logger.getLogger(EntityDispatcher.class);
    private static final Duration RETRY_FIRST = Duration.ofMillis(100);
    private static final Duration RETRY_MAX = Duration.ofSeconds(2);
    private static final int MAX_BATCHES_PER_COMMIT = 100;
    private static final int MAX_SIGNALS_PER_COMMIT = 1000;

    /** A claimed entity and the messages its batch takes. */
    record EntityWork(EntityRecord entity, List<EntityInboxMessage> messages) {
        @Override
        public String toString() {
            return "entity " + entity.id();
        }
    }

    private final RepriseConfig config;
    private final Clock clock;
    private final EngineIdentity identity;
    private final EntityRepository entities;
    private final EntityStore store;
    private final FunctionRegistry registry;
    private final PayloadConverter converter;
    private final Wakeups wakeups;
    private final GroupCommit<EntityBatchCommit, Boolean> commits;
    private final GroupCommit<EntityStore.Signal, Boolean> signals;
    private final AtomicLong operationsRun = new AtomicLong();
    private final DueWakeup dueWakeup;

    EntityDispatcher(RepriseConfig config, Clock clock, EngineIdentity identity, EntityRepository entities,
                     EntityStore store, FunctionRegistry registry, PayloadConverter converter, Wakeups wakeups,
                     Vertx vertx) {
        super("entity dispatcher", clock, config.entities().concurrency());
        this.config = config;
        this.clock = clock;
        this.identity = identity;
        this.entities = entities;
        this.store = store;
        this.registry = registry;
        this.converter = converter;
        this.wakeups = wakeups;
        this.dueWakeup = new DueWakeup(vertx, clock, this::wake);
        this.commits = new GroupCommit<>(MAX_BATCHES_PER_COMMIT, this::commit);
        this.signals = new GroupCommit<>(MAX_SIGNALS_PER_COMMIT, batch -> store.signal(batch, clock.instant())
                .map(ok -> Collections.nCopies(batch.size(), Boolean.TRUE)));
    }

    /** Operations this process ran in committed batches since it started. */
    public long operationsRun() {
        return operationsRun.get();
    }

    /** {@code true} when an entity of that name (any case) is registered. */
    boolean runs(String name) {
        return registry.runsEntity(name);
    }

    /**
     * Commits a signal (group-committed with others); completes once it is queued for the entity. Signals submitted
     * one after the other are queued in that order.
     */
    Uni<Void> signal(EntityInstanceId entity, EntityMessage message, Instant visibleAt) {
        return signals.submit(new EntityStore.Signal(entity, message, visibleAt)).invoke(this::wake).replaceWithVoid();
    }

    @Override
    Uni<List<EntityWork>> claim(int limit) {
        Instant now = clock.instant();
        return entities.claim(store.pool(), now, limit, identity.owner(),
                now.plus(config.entities().leaseDuration())).chain(claimed -> {
                    if (claimed.isEmpty()) {
                        return scheduleNextDue(now).replaceWith(List.<EntityWork>of());
                    }
                    List<String> ids = new ArrayList<>(claimed.size());
                    for (EntityRepository.Claimed c : claimed) {
                        ids.add(c.entity().id().toString());
                        if (c.previousOwner() != null) {
                            LOG.infof("Took over entity %s from %s, whose lease expired", c.entity().id(),
                                    c.previousOwner());
                        }
                    }
                    return entities.loadDue(store.pool(), ids, now, config.entities().maxBatch()).map(due -> {
                        List<EntityWork> work = new ArrayList<>(claimed.size());
                        for (EntityRepository.Claimed c : claimed) {
                            work.add(new EntityWork(c.entity(), due.get(c.entity().id().toString())));
                        }
                        return work;
                    });
                });
    }

    @Override
    Uni<Void> process(EntityWork work) {
        return Uni.createFrom().item(() -> runBatch(work))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(result -> commits.submit(result.commit())
                        // Safe to repeat after a lost answer: the commit is guarded by the entity's version.
                        .onFailure().retry().withBackOff(RETRY_FIRST, RETRY_MAX)
                        .expireIn(config.entities().leaseDuration().toMillis() / 2)
                        .invoke(applied -> {
                            if (applied) {
                                operationsRun.addAndGet(result.operations());
                            } else {
                                refused(work);
                            }
                            // Messages that arrived while the entity was leased found nothing to claim: look again.
                            wake();
                        }))
                .replaceWithVoid();
    }

    private EntityBatch.Result runBatch(EntityWork work) {
        EntityRecord entity = work.entity();
        TaskEntity function = registry.newEntity(entity.id().getName());
        try {
            return new EntityBatch(entity, function, registry.entityNames(), converter,
                    name -> registry.orchestrator(name) != null ? null : registry.orchestratorNames(), clock.instant())
                    .run(work.messages());
        } finally {
            registry.release(function);
        }
    }

    /** The store refused the batch: let the entity go so a new batch (here or elsewhere) runs its messages again. */
    private void refused(EntityWork work) {
        LOG.debugf("Batch of entity %s not applied (its lease or version moved on, or an execution it locked for "
                + "ended); it runs again", work.entity().id());
        entities.release(store.pool(), List.of(work.entity().id().toString()), identity.owner())
                .subscribe().with(ok -> wake(), e -> LOG.debugf("Releasing entity %s failed: %s", work.entity().id(),
                        e));
    }

    private Uni<List<Boolean>> commit(List<EntityBatchCommit> batch) {
        return store.commitBatches(identity.owner(), batch).map(committed -> {
            if (committed.wroteForOrchestrations()) {
                wakeups.orchestrations();
            }
            if (committed.wroteForEntities()) {
                wake();
            }
            Set<String> applied = committed.applied();
            return batch.stream().map(b -> applied.contains(b.before().id().toString())).toList();
        });
    }

    /** Wakes the dispatcher when the earliest scheduled signal falls due, not at the next poll. */
    private Uni<Void> scheduleNextDue(Instant now) {
        return entities.nextDueAfter(store.pool(), now).invoke(next -> dueWakeup.at(next, now)).replaceWithVoid();
    }

    /** Gives up every entity lease this process holds (at shutdown, after the batches in flight finished). */
    Uni<Integer> releaseAll() {
        return entities.releaseAll(store.pool(), identity.owner());
    }
}
