package dev.reprise.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.api.CleanEntityStorageResult;
import dev.reprise.api.DurableClient;
import dev.reprise.api.EntityInstanceId;
import dev.reprise.api.EntityMetadata;
import dev.reprise.api.EntityQuery;
import dev.reprise.api.EntityQueryResult;
import dev.reprise.api.InstanceAlreadyExistsException;
import dev.reprise.api.InstanceFinishedException;
import dev.reprise.api.InstanceIdReusePolicy;
import dev.reprise.api.Names;
import dev.reprise.api.InstanceQuery;
import dev.reprise.api.InstanceQueryResult;
import dev.reprise.api.InvalidRequestException;
import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.api.OrchestrationMetadata;
import dev.reprise.api.OrchestrationNotFoundException;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.UnknownFunctionException;
import dev.reprise.config.RepriseConfig;
import dev.reprise.dispatch.Engine;
import dev.reprise.api.HistoryEvent;
import dev.reprise.query.InstanceFilter;
import dev.reprise.query.InstanceOrder;
import dev.reprise.query.InstanceQueries;
import dev.reprise.replay.PayloadConverter;
import dev.reprise.store.HistoryRepository;
import dev.reprise.store.InstanceRecord;
import dev.reprise.store.InstanceRepository;
import dev.reprise.store.OrchestrationStore;
import dev.reprise.store.RewindStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The {@link DurableClient} over the PostgreSQL store: state changes are messages to the instance's inbox, applied by
 * the orchestration dispatcher in order with everything else the instance receives. Entities: {@link EntityClient}.
 */
@ApplicationScoped
public class PostgresDurableClient implements DurableClient {

    private static final List<OrchestrationRuntimeStatus> FINISHED = List.of(OrchestrationRuntimeStatus.Completed,
            OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated);

    private final Clock clock;
    private final OrchestrationStore store;
    private final InstanceRepository instances;
    private final InstanceQueries queries;
    private final HistoryRepository history;
    private final Engine engine;
    private final PayloadConverter converter;
    private final Vertx vertx;
    private final Duration pollingInterval;
    private final String taskHub;
    private final EntityClient entities;
    private final String defaultVersion;
    private final RewindStore rewinds;

    PostgresDurableClient(Clock clock, OrchestrationStore store, InstanceRepository instances,
                          HistoryRepository history, InstanceQueries queries, Engine engine,
                          PayloadConverter converter, Vertx vertx, RepriseConfig config, EntityClient entities,
                          RewindStore rewinds) {
        this.entities = entities;
        this.rewinds = rewinds;
        this.clock = clock;
        this.store = store;
        this.instances = instances;
        this.history = history;
        this.queries = queries;
        this.engine = engine;
        this.converter = converter;
        this.vertx = vertx;
        this.pollingInterval = config.pollingInterval();
        this.taskHub = config.taskHub();
        this.defaultVersion = config.orchestrations().version().orElse("");
    }

    @Override
    public String getTaskHubName() {
        return taskHub;
    }

    @Override
    public Uni<String> scheduleNewOrchestration(String orchestratorName, Object input,
                                                NewOrchestrationOptions options) {
        return Uni.createFrom().deferred(() -> {
            if (!engine.runsOrchestrator(orchestratorName)) {
                throw new UnknownFunctionException("orchestrator", orchestratorName, engine.orchestratorNames());
            }
            String instanceId = options.instanceId() != null ? Names.instanceId(options.instanceId())
                    : UUID.randomUUID().toString().replace("-", "");
            Instant now = clock.instant();
            Instant startAt = options.startAt() != null && options.startAt().isAfter(now) ? options.startAt() : null;
            String version = options.version() != null ? Names.version(options.version()) : defaultVersion;
            InstanceRecord instance = new InstanceRecord(instanceId, UUID.randomUUID().toString(), orchestratorName,
                    OrchestrationRuntimeStatus.Pending, converter.serialize(input), null, null, null, null, null,
                    null, now, now, null, startAt, engine.currentTraceParent(), version);
            InstanceIdReusePolicy policy = options.effectiveReusePolicy();
            return engine.start(instance, policy == InstanceIdReusePolicy.REUSE).chain(created -> {
                if (created) {
                    return Uni.createFrom().item(instanceId);
                }
                return instances.find(store.pool(), instanceId)
                        .map(existing -> existingInstance(instanceId, orchestratorName, policy, existing));
            });
        });
    }

    /** The answer to a start that found {@code existing} (or, if it is gone meanwhile, a live instance) in its way. */
    private static String existingInstance(String instanceId, String orchestratorName, InstanceIdReusePolicy policy,
                                           InstanceRecord existing) {
        if (existing == null || !existing.runtimeStatus().isTerminal()) {
            throw new InstanceAlreadyExistsException(instanceId, existing == null
                    ? OrchestrationRuntimeStatus.Running : existing.runtimeStatus());
        }
        if (policy == InstanceIdReusePolicy.USE_EXISTING && existing.name().equals(orchestratorName)) {
            return instanceId;
        }
        throw InstanceAlreadyExistsException.notReplaced(instanceId, existing.runtimeStatus(), existing.name(),
                orchestratorName, policy);
    }

    @Override
    public Uni<OrchestrationMetadata> getInstanceMetadata(String instanceId, boolean fetchInputsAndOutputs) {
        return instances.find(store.pool(), instanceId)
                .map(record -> record == null ? null : toMetadata(record, fetchInputsAndOutputs));
    }

    @Override
    public Uni<List<HistoryEvent>> getInstanceHistory(String instanceId) {
        return requireInstance(instanceId)
                .chain(record -> history.load(store.pool(), List.of(instanceId)))
                .map(map -> map.get(instanceId).events());
    }

    @Override
    public Uni<OrchestrationMetadata> waitForInstanceCompletion(String instanceId, Duration timeout) {
        return waitForInstanceCompletion(instanceId, timeout, pollingInterval);
    }

    @Override
    public Uni<OrchestrationMetadata> waitForInstanceCompletion(String instanceId, Duration timeout,
                                                                Duration interval) {
        return waitFor(instanceId, timeout, interval == null ? pollingInterval : interval,
                m -> m.getRuntimeStatus().isTerminal());
    }

    @Override
    public Uni<OrchestrationMetadata> waitForInstanceStart(String instanceId, Duration timeout) {
        return waitFor(instanceId, timeout, pollingInterval,
                m -> m.getRuntimeStatus() != OrchestrationRuntimeStatus.Pending);
    }

    private Uni<OrchestrationMetadata> waitFor(String instanceId, Duration timeout, Duration interval,
                                               Predicate<OrchestrationMetadata> reached) {
        return poll(instanceId, interval, reached)
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("Orchestration instance '" + instanceId
                        + "' did not reach the awaited state within " + timeout));
    }

    /**
     * Reads the instance until {@code reached} holds. A completion signal of this process is listened for before each
     * read, so one that comes between the read and the wait is not missed (it would cost a whole interval).
     */
    private Uni<OrchestrationMetadata> poll(String instanceId, Duration interval,
                                            Predicate<OrchestrationMetadata> reached) {
        CompletableFuture<Void> signalled = new CompletableFuture<>();
        Runnable unregister = engine.onCompletion(instanceId, () -> signalled.complete(null));
        return getInstanceMetadata(instanceId, true).chain(m -> {
            if (m == null) {
                return Uni.createFrom().failure(new OrchestrationNotFoundException(instanceId));
            }
            if (reached.test(m)) {
                return Uni.createFrom().item(m);
            }
            return signalOrDelay(signalled, interval).chain(() -> poll(instanceId, interval, reached));
        }).eventually(unregister);
    }

    /** Completes once {@code signalled} completes or after {@code interval}, whichever comes first. */
    private Uni<Void> signalOrDelay(CompletableFuture<Void> signalled, Duration interval) {
        return Uni.createFrom().emitter(emitter -> {
            long timer = vertx.setTimer(Math.max(1, interval.toMillis()), id -> emitter.complete(null));
            signalled.thenRun(() -> emitter.complete(null));
            emitter.onTermination(() -> vertx.cancelTimer(timer));
        });
    }

    @Override
    public Uni<Void> raiseEvent(String instanceId, String eventName, Object eventData) {
        try {
            Names.eventName(eventName);
        } catch (InvalidRequestException e) {
            return Uni.createFrom().failure(e);
        }
        String data = converter.serialize(eventData);
        return sendToLive(instanceId, "receive events",
                new HistoryEvent.EventRaised(clock.instant(), eventName, data));
    }

    @Override
    public Uni<Void> terminate(String instanceId, String reason, boolean recursive) {
        return sendToLive(instanceId, "be terminated",
                new HistoryEvent.ExecutionTerminated(clock.instant(), reason, recursive));
    }

    @Override
    public Uni<Void> rewindInstance(String instanceId, String reason) {
        return rewinds.rewind(instanceId, reason, clock.instant()).invoke(() -> {
            engine.orchestrationWorkQueued();
            engine.activityWorkQueued();
        });
    }

    @Override
    public Uni<String> restartInstance(String instanceId, boolean restartWithNewInstanceId) {
        return requireInstance(instanceId).chain(record -> scheduleNewOrchestration(record.name(),
                record.input() == null ? null : converter.deserialize(record.input(), JsonNode.class),
                new NewOrchestrationOptions(restartWithNewInstanceId ? null : instanceId, null)));
    }

    @Override
    public Uni<Void> suspend(String instanceId, String reason) {
        return sendToLive(instanceId, "be suspended", new HistoryEvent.ExecutionSuspended(clock.instant(), reason));
    }

    @Override
    public Uni<Void> resume(String instanceId, String reason) {
        return sendToLive(instanceId, "be resumed", new HistoryEvent.ExecutionResumed(clock.instant(), reason));
    }

    private Uni<Void> sendToLive(String instanceId, String request, HistoryEvent event) {
        return requireInstance(instanceId).chain(record -> {
            if (record.runtimeStatus().isTerminal()) {
                return Uni.createFrom().failure(new InstanceFinishedException(instanceId, record.runtimeStatus(),
                        request));
            }
            return store.sendToInstance(instanceId, event, clock.instant()).invoke(engine::orchestrationWorkQueued);
        });
    }

    private Uni<InstanceRecord> requireInstance(String instanceId) {
        return instances.find(store.pool(), instanceId).map(record -> {
            if (record == null) {
                throw new OrchestrationNotFoundException(instanceId);
            }
            return record;
        });
    }

    @Override
    public Uni<Integer> purgeInstance(String instanceId) {
        return purgeInstance(instanceId, true);
    }

    @Override
    public Uni<Integer> purgeInstance(String instanceId, boolean recursive) {
        return requireInstance(instanceId).chain(record -> {
            if (!record.runtimeStatus().isTerminal()) {
                return Uni.createFrom().failure(new InvalidRequestException("Orchestration instance '" + instanceId
                        + "' is " + record.runtimeStatus() + "; only Completed, Failed or Terminated instances can "
                        + "be purged. Terminate it first."));
            }
            return instances.purge(store.pool(), instanceId, recursive);
        });
    }

    @Override
    public Uni<Integer> purgeInstances(Instant createdFrom, Instant createdTo,
                                       List<OrchestrationRuntimeStatus> statuses) {
        if (createdFrom == null) {
            return Uni.createFrom().failure(new InvalidRequestException("createdTimeFrom is required to purge "
                    + "instances by filter"));
        }
        if (createdTo != null && createdFrom.isAfter(createdTo)) {
            return Uni.createFrom().failure(new InvalidRequestException("createdTimeFrom (" + createdFrom
                    + ") is after createdTimeTo (" + createdTo + "); nothing could match"));
        }
        List<OrchestrationRuntimeStatus> selected = statuses == null || statuses.isEmpty() ? FINISHED : statuses;
        for (OrchestrationRuntimeStatus s : selected) {
            if (!s.isTerminal()) {
                return Uni.createFrom().failure(new InvalidRequestException("Only Completed, Failed and Terminated "
                        + "instances can be purged; remove " + s + " from runtimeStatus"));
            }
        }
        return instances.purge(store.pool(), createdFrom, createdTo, selected);
    }

    @Override
    public Uni<InstanceQueryResult> queryInstances(InstanceQuery query) {
        return Uni.createFrom().deferred(() -> queries.page(new InstanceFilter(query.runtimeStatuses(), null,
                        query.createdFrom(), query.createdTo(), query.instanceIdPrefix()), InstanceOrder.CREATED_ASC,
                query.continuationToken(), query.pageSize(), query.fetchInputsAndOutputs()))
                .map(page -> new InstanceQueryResult(page.instances().stream().map(s -> new OrchestrationMetadata(
                        s.name(), s.instanceId(), s.runtimeStatus(), s.input(), s.output(), s.customStatus(),
                        s.failure(), s.createdAt(), s.lastUpdatedAt(), this::read, s.executionId(), null)).toList(),
                        page.continuationToken()));
    }

    private OrchestrationMetadata toMetadata(InstanceRecord r, boolean withPayloads) {
        return new OrchestrationMetadata(r.name(), r.instanceId(), r.runtimeStatus(),
                withPayloads ? r.input() : null, withPayloads ? r.output() : null,
                withPayloads ? r.customStatus() : null, r.failure(), r.createdAt(), r.lastUpdatedAt(),
                this::read, r.executionId(), r.version());
    }

    private Object read(String json, Class<?> type) {
        return converter.deserialize(json, type);
    }

    @Override
    public Uni<Void> signalEntity(EntityInstanceId entity, String operation, Object input, Instant scheduledTime) {
        return entities.signal(entity, operation, input, scheduledTime);
    }

    @Override
    public Uni<EntityMetadata> getEntity(EntityInstanceId entity, boolean includeState) {
        return entities.get(entity, includeState);
    }

    @Override
    public Uni<EntityQueryResult> queryEntities(EntityQuery query) {
        return entities.query(query);
    }

    @Override
    public Uni<CleanEntityStorageResult> cleanEntityStorage(boolean removeEmptyEntities,
                                                           boolean releaseOrphanedLocks) {
        return entities.clean(removeEmptyEntities, releaseOrphanedLocks);
    }
}
