package dev.reprise.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.api.DurableClient;
import dev.reprise.api.OrchestrationNotFoundException;
import dev.reprise.dispatch.Engine;
import dev.reprise.dispatch.TickService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;

import java.util.function.BiFunction;

/** Messages to running instances and the tick: {@link CommandsApi} over the {@link DurableClient}. */
public class CommandsResource implements CommandsApi {

    private final DurableClient client;
    private final JsonBodies bodies;
    private final Engine engine;

    CommandsResource(DurableClient client, JsonBodies bodies, Engine engine) {
        this.client = client;
        this.bodies = bodies;
        this.engine = engine;
    }

    @Override
    public Uni<Response> raiseEvent(String instanceId, String eventName, String contentType, String body) {
        return Uni.createFrom().deferred(() -> {
            JsonNode data = bodies.read(contentType, body, "event data");
            return accepted(instanceId, client.raiseEvent(instanceId, eventName, data));
        });
    }

    @Override
    public Uni<Response> terminate(String instanceId, String reason, String recursive) {
        return Uni.createFrom().deferred(() -> {
            boolean cascade = RequestParams.flag(recursive, "recursive", true);
            return accepted(instanceId, client.terminate(instanceId, reason, cascade));
        });
    }

    /** As Durable Functions' rewind route: 410 for a Completed or Terminated instance, and 409 for a live one. */
    @Override
    public Uni<Response> rewind(String instanceId, String reason) {
        return command(instanceId, reason, client::rewindInstance);
    }

    @Override
    public Uni<Response> suspend(String instanceId, String reason) {
        return command(instanceId, reason, client::suspend);
    }

    @Override
    public Uni<Response> resume(String instanceId, String reason) {
        return command(instanceId, reason, client::resume);
    }

    @Override
    public Uni<TickService.TickReport> tick() {
        return engine.tick();
    }

    /** The one path of suspend, resume and rewind: a command with a reason. */
    private Uni<Response> command(String instanceId, String reason, BiFunction<String, String, Uni<Void>> send) {
        return Uni.createFrom().deferred(() -> accepted(instanceId, send.apply(instanceId, reason)));
    }

    private static Uni<Response> accepted(String instanceId, Uni<Void> command) {
        return command.replaceWith(Response.accepted().build())
                .onFailure(OrchestrationNotFoundException.class).transform(e -> RequestParams.notFound(instanceId));
    }
}
