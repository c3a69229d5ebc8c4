package dev.reprise.client;

import dev.reprise.api.CleanEntityStorageResult;
import dev.reprise.api.EntityInstanceId;
import dev.reprise.api.EntityMetadata;
import dev.reprise.api.EntityQuery;
import dev.reprise.api.EntityQueryResult;
import dev.reprise.api.Names;
import dev.reprise.api.UnknownFunctionException;
import dev.reprise.dispatch.Engine;
import dev.reprise.query.EntityFilter;
import dev.reprise.query.EntityQueries;
import dev.reprise.query.EntitySnapshot;
import dev.reprise.replay.PayloadConverter;
import dev.reprise.store.EntityRepository;
import dev.reprise.store.EntityStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The entity half of {@link PostgresDurableClient}: signals through the engine, one entity and repairs on the store,
 * queries through the query side ({@link EntityQueries}).
 */
@ApplicationScoped
class EntityClient {

    private final Clock clock;
    private final Engine engine;
    private final EntityRepository entities;
    private final EntityStore store;
    private final PayloadConverter converter;
    private final EntityQueries queries;

    EntityClient(Clock clock, Engine engine, EntityRepository entities, EntityStore store,
                 PayloadConverter converter, EntityQueries queries) {
        this.queries = queries;
        this.clock = clock;
        this.engine = engine;
        this.entities = entities;
        this.store = store;
        this.converter = converter;
    }

    Uni<Void> signal(EntityInstanceId entity, String operation, Object input, Instant scheduledTime) {
        Objects.requireNonNull(entity, "entity must not be null");
        String json = converter.serialize(input); // at the call, as raiseEvent: a bad input throws here
        return Uni.createFrom().deferred(() -> {
            Names.operationName(operation);
            if (!engine.runsEntity(entity.getName())) {
                throw UnknownFunctionException.entity(entity.getName(), new TreeSet<>(engine.entityNames()));
            }
            Instant now = clock.instant();
            return engine.signalEntity(entity, operation, json, scheduledTime != null && scheduledTime.isAfter(now)
                    ? scheduledTime : null);
        });
    }

    Uni<EntityMetadata> get(EntityInstanceId entity, boolean includeState) {
        Objects.requireNonNull(entity, "entity must not be null");
        return entities.find(store.pool(), entity).map(row -> row == null || row.state() == null ? null
                : metadata(row, includeState));
    }

    /** Through the query side, as {@code queryInstances} is. */
    Uni<EntityQueryResult> query(EntityQuery query) {
        return queries.page(EntityFilter.of(query), query.continuationToken(), query.pageSize(), query.includeState())
                .map(page -> new EntityQueryResult(page.entities().stream().map(this::metadata).toList(),
                        page.continuationToken()));
    }

    Uni<CleanEntityStorageResult> clean(boolean removeEmptyEntities, boolean releaseOrphanedLocks) {
        Instant now = clock.instant();
        Uni<Integer> released = releaseOrphanedLocks ? store.releaseOrphanedLocks(now).invoke(n -> {
            if (n > 0) {
                engine.entityWorkQueued();
            }
        }) : Uni.createFrom().item(0);
        return released.chain(locks -> (removeEmptyEntities ? store.removeEmpty(now) : Uni.createFrom().item(0))
                .map(removed -> new CleanEntityStorageResult(removed, locks)));
    }

    private EntityMetadata metadata(EntitySnapshot entity) {
        return new EntityMetadata(entity.id(), entity.lastModified(), entity.backlog(), entity.lockedBy(),
                entity.state(), (json, type) -> converter.deserialize(json, type));
    }

    private EntityMetadata metadata(EntityRepository.EntityRow row, boolean includeState) {
        return new EntityMetadata(row.id(), row.lastModified(), row.backlog(), row.lockedBy(),
                includeState ? row.state() : null, (json, type) -> converter.deserialize(json, type));
    }

}
