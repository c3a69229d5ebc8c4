package dev.reprise.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.api.DurableClient;
import dev.reprise.api.EntityInstanceId;
import dev.reprise.api.EntityMetadata;
import dev.reprise.api.EntityQuery;
import dev.reprise.api.InvalidRequestException;
import dev.reprise.api.Names;
import dev.reprise.api.UnknownFunctionException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** Signals, reads and lists entities: {@link EntitiesApi} over the {@link DurableClient}. */
public class EntitiesResource implements EntitiesApi {

    private final DurableClient client;
    private final JsonBodies bodies;

    EntitiesResource(DurableClient client, JsonBodies bodies) {
        this.client = client;
        this.bodies = bodies;
    }

    @Override
    public Uni<Response> get(String name, String key) {
        return Uni.createFrom().deferred(() -> {
            EntityInstanceId id = EntityInstanceId.of(name, key);
            return client.getEntity(id, true).map(m -> {
                if (m == null) {
                    throw new EntityNotFoundException("Entity " + id + " does not exist: it has no state (it was "
                            + "never given one, or was deleted). Names match ignoring case, keys exactly.");
                }
                return Response.ok(m.getSerializedState(), MediaType.APPLICATION_JSON_TYPE).build();
            });
        });
    }

    /** Everything is checked before the signal is queued: a request refused changes nothing. */
    @Override
    public Uni<Response> signal(String name, String key, String operation, String contentType, String body) {
        return Uni.createFrom().deferred(() -> {
            EntityInstanceId id = EntityInstanceId.of(name, key);
            if (operation == null) {
                throw new InvalidRequestException("Name the operation with ?op=, e.g. POST .../entities/" + name
                        + "/" + key + "?op=add");
            }
            Names.operationName(operation);
            JsonNode input = bodies.read(contentType, body, "operation input");
            return signal(id, operation, input);
        });
    }

    @Override
    public Uni<Response> delete(String name, String key) {
        return Uni.createFrom().deferred(() -> signal(EntityInstanceId.of(name, key), "delete", null));
    }

    private Uni<Response> signal(EntityInstanceId id, String operation, JsonNode input) {
        return client.signalEntity(id, operation, input)
                .onFailure(UnknownFunctionException.class).transform(e -> new EntityNotFoundException(e.getMessage()))
                .map(ok -> Response.accepted().build());
    }

    @Override
    public Uni<Response> list(String name, String from, String to, String top, String fetchState,
                              String continuationToken) {
        return Uni.createFrom().deferred(() -> page("@" + Names.entityName(name) + "@", from, to, top, fetchState,
                continuationToken));
    }

    @Override
    public Uni<Response> listAll(String from, String to, String top, String fetchState, String continuationToken) {
        return Uni.createFrom().deferred(() -> page(null, from, to, top, fetchState, continuationToken));
    }

    private Uni<Response> page(String prefix, String from, String to, String top, String fetchState,
                               String continuationToken) {
        boolean state = RequestParams.flag(fetchState, "fetchState", false);
        EntityQuery query = new EntityQuery(prefix, RequestParams.time(from, "lastOperationTimeFrom"),
                RequestParams.time(to, "lastOperationTimeTo"), state, false, RequestParams.pageSize(top),
                continuationToken);
        return client.queryEntities(query).map(page -> {
            List<EntityStatus> body = page.entities().stream().map(m -> status(m, state)).toList();
            Response.ResponseBuilder ok = Response.ok(body);
            if (page.continuationToken() != null) {
                ok.header(ApiDocs.CONTINUATION_HEADER, page.continuationToken());
            }
            return ok.build();
        });
    }

    private EntityStatus status(EntityMetadata m, boolean state) {
        return new EntityStatus(new EntityStatus.EntityIdView(m.getEntityInstanceId().getKey(),
                m.getEntityInstanceId().getName()), m.getLastModifiedTime(),
                state ? bodies.parse(m.getSerializedState(), "stored state") : null);
    }
}
