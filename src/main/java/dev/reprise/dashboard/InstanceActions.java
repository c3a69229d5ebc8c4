package dev.reprise.dashboard;

import dev.reprise.api.DurableClient;
import dev.reprise.api.InvalidRequestException;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.function.BiFunction;

/**
 * The commands of the instance page, each through the {@link DurableClient} the management API uses, so each is
 * checked by the same rules and refused with the same answer: a JSON {@code ApiError} with the same status and message
 * as the HTTP route (404 unknown instance, 410 finished, 400 bad event name, ...), which the page shows. A command that
 * went through answers a message for the page and the {@value #REFRESH} event, on which the page reloads the instance.
 */
@Path("/dashboard/instance")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Produces(MediaType.TEXT_HTML)
public class InstanceActions {

    /** The htmx event after which the instance page reloads the instance. */
    static final String REFRESH = "reprise-refresh";

    private final DurableClient client;
    private final Pages pages;
    private final FormJson json;

    InstanceActions(DurableClient client, Pages pages, FormJson json) {
        this.client = client;
        this.pages = pages;
        this.json = json;
    }

    @POST
    @Path("terminate")
    public Uni<RestResponse<TemplateInstance>> terminate(@RestForm String id, @RestForm String reason) {
        return command(id, reason, client::terminate, "Terminate");
    }

    @POST
    @Path("suspend")
    public Uni<RestResponse<TemplateInstance>> suspend(@RestForm String id, @RestForm String reason) {
        return command(id, reason, client::suspend, "Suspend");
    }

    @POST
    @Path("resume")
    public Uni<RestResponse<TemplateInstance>> resume(@RestForm String id, @RestForm String reason) {
        return command(id, reason, client::resume, "Resume");
    }

    /** As {@code POST /instances/{id}/rewind}: a Failed instance runs its failed step again. */
    @POST
    @Path("rewind")
    public Uni<RestResponse<TemplateInstance>> rewind(@RestForm String id, @RestForm String reason) {
        return command(id, reason, client::rewindInstance, "Rewind");
    }

    /** As {@code POST /instances/{id}/raiseEvent/{eventName}}: the data is one JSON value, or empty for none. */
    @POST
    @Path("raise-event")
    public Uni<RestResponse<TemplateInstance>> raiseEvent(@RestForm String id, @RestForm String eventName,
                                                          @RestForm String eventData) {
        return Uni.createFrom().deferred(() -> client.raiseEvent(required(id), eventName,
                        json.read(eventData, "event data"))
                .replaceWith(done("Event '" + eventName + "' sent to '" + id + "'.")));
    }

    /**
     * As {@code POST /instances/{id}/restart}: the same orchestrator and input, under a new instance ID unless
     * {@code sameId} is on (then the instance must have finished). Opens the new instance's page.
     */
    @POST
    @Path("restart")
    public Uni<RestResponse<TemplateInstance>> restart(@RestForm String id, @RestForm boolean sameId) {
        return Uni.createFrom().deferred(() -> client.restartInstance(required(id), !sameId))
                .map(newId -> redirect(Paths.instance(newId)));
    }

    /** As {@code DELETE /instances/{id}}: a finished instance and its history go; the list opens. */
    @POST
    @Path("purge")
    public Uni<RestResponse<TemplateInstance>> purge(@RestForm String id) {
        return Uni.createFrom().deferred(() -> client.purgeInstance(required(id)))
                .map(n -> redirect(Section.INSTANCES.path));
    }

    /** Terminate, suspend, resume and rewind: a command with a reason. */
    private Uni<RestResponse<TemplateInstance>> command(String id, String reason,
                                                        BiFunction<String, String, Uni<Void>> send, String what) {
        String why = reason == null || reason.isBlank() ? null : reason;
        return Uni.createFrom().deferred(() -> send.apply(required(id), why)).replaceWith(done(what + " sent to '" + id
                + "': the instance applies it at its next step."));
    }

    /** A command that went through: its message for the page, and the event on which the page reloads. */
    static RestResponse<TemplateInstance> done(String message) {
        return RestResponse.ResponseBuilder.ok(Views.flash(message)).header("HX-Trigger", REFRESH).build();
    }

    private RestResponse<TemplateInstance> redirect(String relative) {
        return RestResponse.ResponseBuilder.<TemplateInstance>noContent()
                .header("HX-Redirect", pages.base() + relative).build();
    }

    private static String required(String id) {
        if (id == null || id.isEmpty()) {
            throw new InvalidRequestException("The form names no instance (its id field is empty); reload the "
                    + "instance's page.");
        }
        return id;
    }
}
