package dev.reprise.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.api.DurableClient;
import dev.reprise.api.InstanceIdReusePolicy;
import dev.reprise.api.Names;
import dev.reprise.api.InvalidRequestException;
import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.api.OrchestrationNotFoundException;
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
    public Uni<Response> start(String name, String contentType, String body, String timeout, String pollingInterval,
                               String version, UriInfo uri) {
        return startWithId(name, null, contentType, body, timeout, pollingInterval, null, version, uri);
    }

    @Override
    public Uni<Response> startWithId(String name, String instanceId, String contentType, String body, String timeout,
                                     String pollingInterval, String reusePolicy, String version, UriInfo uri) {
        return Uni.createFrom().deferred(() -> {
            // Everything is checked before the start: a request refused changes nothing.
            RequestParams.Wait wait = RequestParams.startWait(timeout, pollingInterval);
            InstanceIdReusePolicy policy = InstanceIdReusePolicy.parse(reusePolicy);
            String checkedVersion = version == null ? null : Names.version(version);
            JsonNode input = bodies.read(contentType, body, "orchestration input");
            return client.scheduleNewOrchestration(name, input, new NewOrchestrationOptions(instanceId, null, policy,
                            checkedVersion))
                    .chain(id -> answer(uri, id, wait));
        });
    }

    /**
     * As Durable Functions' restart, an instance ID nobody has is a bad request (400), not a 404: its handler reads
     * that case as an argument error.
     */
    @Override
    public Uni<Response> restart(String instanceId, String newId, String timeout, String pollingInterval,
                                 UriInfo uri) {
        return Uni.createFrom().deferred(() -> {
            boolean fresh = RequestParams.flag(newId, "restartWithNewInstanceId", true);
            RequestParams.Wait wait = RequestParams.startWait(timeout, pollingInterval);
            return client.restartInstance(instanceId, fresh)
                    .onFailure(OrchestrationNotFoundException.class).transform(e -> {
                        RuntimeException missing = RequestParams.notFound(instanceId);
                        return missing instanceof OrchestrationNotFoundException
                                ? new InvalidRequestException("No orchestration instance with ID '" + instanceId
                                + "' exists in this task hub to restart; check the ID, or it may have been purged.")
                                : missing;
                    })
                    .chain(id -> answer(uri, id, wait));
        });
    }

    /** The check-status answer at once, or after waiting for the instance when the request asked to. */
    private Uni<Response> answer(UriInfo uri, String instanceId, RequestParams.Wait wait) {
        if (wait == null) {
            return Uni.createFrom().item(management.checkStatusResponse(uri.getBaseUri(), instanceId));
        }
        return management.waitForCompletionOrCheckStatusResponse(uri.getBaseUri(), instanceId, wait.timeout,
                wait.pollingInterval);
    }
}
