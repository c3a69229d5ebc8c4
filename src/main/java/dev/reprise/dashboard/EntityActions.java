package dev.reprise.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.api.DurableClient;
import dev.reprise.api.EntityInstanceId;
import dev.reprise.api.InvalidRequestException;
import dev.reprise.api.Names;
import dev.reprise.api.UnknownFunctionException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The entity page's command: signal an operation, through {@link DurableClient#signalEntity} as the management API's
 * {@code POST /entities/{name}/{key}?op=} route, so it is checked by the same rules and refused with the same answer
 * (a JSON {@code {error, message}}: 400 for a bad operation name or input, 404 {@code EntityNotFound} when no entity
 * function of that name runs here). Everything is checked before the signal is queued: a refused one changes
 * nothing. A signal that went through answers a message and the {@value InstanceActions#REFRESH} event, on which the
 * page reloads the entity.
 */
@Path("/dashboard/entity")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Produces(MediaType.TEXT_HTML)
public class EntityActions {

    private final DurableClient client;
    private final FormJson json;

    EntityActions(DurableClient client, FormJson json) {
        this.client = client;
        this.json = json;
    }

    /**
     * @param id        the entity's ID, {@code @name@key}
     * @param operation the operation's name (matched ignoring case by the entity)
     * @param input     the operation's input as one JSON value, or empty for none
     */
    @POST
    @Path("signal")
    public Uni<Response> signal(@RestForm String id, @RestForm String operation, @RestForm String input) {
        return Uni.createFrom().deferred(() -> {
            if (id == null || id.isEmpty()) {
                throw new InvalidRequestException("The form names no entity (its id field is empty); reload the "
                        + "entity's page.");
            }
            EntityInstanceId entity = EntityInstanceId.fromString(id);
            Names.operationName(operation);
            JsonNode value = json.read(input, "operation input");
            return client.signalEntity(entity, operation, value).map(ok -> InstanceActions.done("Operation '"
                    + operation + "' signalled to " + entity + ": the entity runs it after the operations sent "
                    + "before it.").toResponse());
        }).onFailure(UnknownFunctionException.class).recoverWithItem(e -> Response.status(Response.Status.NOT_FOUND)
                .type(MediaType.APPLICATION_JSON).entity(entityNotFound(e.getMessage())).build());
    }

    /** The management API's answer to a signal for an entity name nothing runs (its {@code EntityNotFound}). */
    private static Map<String, String> entityNotFound(String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", "EntityNotFound");
        body.put("message", message);
        return body;
    }
}
