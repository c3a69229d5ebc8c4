package dev.reprise.client;

import dev.reprise.api.CleanEntityStorageResult;
import dev.reprise.api.EntityInstanceId;
import dev.reprise.api.EntityMetadata;
import dev.reprise.api.EntityQuery;
import dev.reprise.api.EntityQueryResult;
import dev.reprise.api.InvalidRequestException;
import dev.reprise.api.Names;
import dev.reprise.api.UnknownFunctionException;
import dev.reprise.dispatch.Engine;
import dev.reprise.replay.PayloadConverter;
import dev.reprise.store.EntityRepository;
import dev.reprise.store.EntityStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/** The entity half of {@link PostgresDurableClient}: signals through the engine, reads and repairs on the store. */
@ApplicationScoped
class EntityClient {

    private final Clock clock;
    private final Engine engine;
    private final EntityRepository entities;
    private final EntityStore store;
    private final PayloadConverter converter;

    EntityClient(Clock clock, Engine engine, EntityRepository entities, EntityStore store,
                 PayloadConverter converter) {
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

    Uni<EntityQueryResult> query(EntityQuery query) {
        return Uni.createFrom().deferred(() -> {
            String after = query.continuationToken() == null || query.continuationToken().isBlank() ? null
                    : decode(query.continuationToken());
            return entities.query(store.pool(), query.instanceIdStartsWith(), query.lastModifiedFrom(),
                    query.lastModifiedTo(), query.includeTransient(), after, query.pageSize() + 1).map(rows -> {
                        boolean more = rows.size() > query.pageSize();
                        List<EntityRepository.EntityRow> page = more ? rows.subList(0, query.pageSize()) : rows;
                        List<EntityMetadata> out = new ArrayList<>(page.size());
                        page.forEach(r -> out.add(metadata(r, query.includeState())));
                        String token = more ? encode(page.get(page.size() - 1).id().toString()) : null;
                        return new EntityQueryResult(out, token);
                    });
        });
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

    private EntityMetadata metadata(EntityRepository.EntityRow row, boolean includeState) {
        return new EntityMetadata(row.id(), row.lastModified(), row.backlog(), row.lockedBy(),
                includeState ? row.state() : null, (json, type) -> converter.deserialize(json, type));
    }

    /** The position after a page (its last entity ID), opaque to clients as the instance queries' token. */
    private static String encode(String lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("e|" + lastId)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!text.startsWith("e|@") || text.indexOf('\u0000') >= 0) {
                throw new IllegalArgumentException("not an entity position");
            }
            return text.substring(2);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("The continuation token is not one this service issued for an entity "
                    + "query; pass the x-ms-continuation-token value of the previous page unchanged, or omit it for "
                    + "the first page");
        }
    }
}
