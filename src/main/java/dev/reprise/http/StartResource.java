package dev.reprise.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.api.DurableClient;
import dev.reprise.api.NewOrchestrationOptions;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Starts instances: {@link StartApi} over the {@link DurableClient}. */
public class StartResource implements StartApi {

    private final DurableClient client;
    private final JsonBodies bodies;
    private final HttpManagement management;

    StartResource(DurableClient client, JsonBodies bodies, HttpManagement management) {
        this.client = client;
        this.bodies = bodies;
        this.management = management;
    }

    @Override
    public Uni<Response> start(String name, String contentType, String body, UriInfo uri) {
        return startWithId(name, null, contentType, body, uri);
    }

    @Override
    public Uni<Response> startWithId(String name, String instanceId, String contentType, String body, UriInfo uri) {
        return Uni.createFrom().deferred(() -> {
            JsonNode input = bodies.read(contentType, body, "orchestration input");
            return client.scheduleNewOrchestration(name, input, new NewOrchestrationOptions(instanceId, null))
                    .map(id -> management.checkStatusResponse(uri.getBaseUri(), id));
        });
    }

    @Override
    public Uni<Response> restart(String instanceId, String newId, UriInfo uri) {
        return Uni.createFrom().deferred(() -> {
            boolean fresh = RequestParams.flag(newId, "restartWithNewInstanceId", true);
            return client.getInstanceMetadata(instanceId, true).chain(m -> {
                if (m == null) {
                    throw RequestParams.notFound(instanceId);
                }
                JsonNode input = bodies.parse(m.getSerializedInput(), "stored input");
                return client.scheduleNewOrchestration(m.getName(), input,
                                new NewOrchestrationOptions(fresh ? null : instanceId, null))
                        .map(id -> management.checkStatusResponse(uri.getBaseUri(), id));
            });
        });
    }
}
