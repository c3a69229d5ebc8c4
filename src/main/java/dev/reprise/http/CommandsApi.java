package dev.reprise.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.dispatch.TickService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import static dev.reprise.http.ApiDocs.BAD_ID;
import static dev.reprise.http.ApiDocs.CONTENT_TYPE;
import static dev.reprise.http.ApiDocs.FINISHED;
import static dev.reprise.http.ApiDocs.INSTANCE_ID;
import static dev.reprise.http.ApiDocs.JSON;
import static dev.reprise.http.ApiDocs.KEY_IN_HEADER;
import static dev.reprise.http.ApiDocs.KEY_IN_QUERY;
import static dev.reprise.http.ApiDocs.NOT_JSON;
import static dev.reprise.http.ApiDocs.NO_INSTANCE;
import static dev.reprise.http.ApiDocs.QUEUED;
import static dev.reprise.http.ApiDocs.REASON;
import static dev.reprise.http.ApiDocs.TOO_LARGE;

/**
 * The Durable Functions HTTP management API, messages to running instances (external events, terminate, suspend,
 * resume), the rewind of failed ones and the scale-to-zero tick: the contract (routes and their OpenAPI documentation);
 * {@link CommandsResource} implements it. Every error is an {@link ApiError}; the answers every route shares (401, a
 * foreign task hub's 404, the error body) are added by {@link ManagementApiDoc}.
 */
@Path(ApiPaths.ROOT)
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirementsSet(@SecurityRequirement(name = KEY_IN_HEADER))
@SecurityRequirementsSet(@SecurityRequirement(name = KEY_IN_QUERY))
@SecurityRequirementsSet
public interface CommandsApi {

    @POST
    @Path("/instances/{instanceId}/raiseEvent/{eventName}")
    @Consumes(MediaType.WILDCARD)
    @Tag(name = ApiDocs.TAG_COMMANDS)
    @Operation(operationId = "raiseEvent", summary = "Raise an external event",
            description = "Delivers event {eventName} with the JSON body as its data to the instance; an event "
                    + "raised before the orchestration waits for it is kept until it does.")
    @APIResponse(responseCode = "202", description = "The event is queued for the instance")
    @APIResponse(responseCode = "400", description = "The body is not one valid JSON value, or the instance ID or "
            + "event name is not acceptable (error InvalidRequest)")
    @APIResponse(responseCode = "404", description = NO_INSTANCE)
    @APIResponse(responseCode = "410", description = FINISHED)
    @APIResponse(responseCode = "413", description = TOO_LARGE)
    @APIResponse(responseCode = "415", description = NOT_JSON)
    Uni<Response> raiseEvent(@Parameter(description = INSTANCE_ID) @PathParam("instanceId") String instanceId,
                             @Parameter(description = "The event's name: not blank, at most 256 characters, no "
                                     + "control characters") @PathParam("eventName") String eventName,
                             @Parameter(hidden = true) @HeaderParam(CONTENT_TYPE) String contentType,
                             @RequestBody(description = "The event's data: any JSON value", required = false,
                                     content = @Content(mediaType = JSON,
                                             schema = @Schema(implementation = JsonNode.class))) String body);

    @POST
    @Path("/instances/{instanceId}/terminate")
    @Consumes(MediaType.WILDCARD)
    @Tag(name = ApiDocs.TAG_COMMANDS)
    @Operation(operationId = "terminateInstance", summary = "Terminate an instance",
            description = "Terminates the instance: it ends as Terminated with the reason as its output. Unless "
                    + "recursive=false, the sub-orchestrations it still waits for are terminated too, and theirs in "
                    + "turn. Its durable timers and activities not yet started are removed; running activities are "
                    + "told to stop (ActivityContext.isCancellationRequested).")
    @APIResponse(responseCode = "202", description = QUEUED)
    @APIResponse(responseCode = "400", description = BAD_ID)
    @APIResponse(responseCode = "404", description = NO_INSTANCE)
    @APIResponse(responseCode = "410", description = FINISHED)
    Uni<Response> terminate(@Parameter(description = INSTANCE_ID) @PathParam("instanceId") String instanceId,
                            @Parameter(description = REASON) @QueryParam("reason") String reason,
                            @Parameter(description = "Terminate the running sub-orchestrations too (default true, "
                                    + "as the Durable Task SDKs' recursive option)",
                                    schema = @Schema(type = SchemaType.BOOLEAN))
                            @QueryParam("recursive") String recursive);

    @POST
    @Path("/instances/{instanceId}/rewind")
    @Consumes(MediaType.WILDCARD)
    @Tag(name = ApiDocs.TAG_COMMANDS)
    @Operation(operationId = "rewindInstance", summary = "Rewind a failed instance",
            description = "Rewinds a Failed instance, as Durable Functions' rewind: it is Running again from the "
                    + "step that failed, whose failed activities and failed sub-orchestrations run again (a failed "
                    + "sub-orchestration is rewound with it); what succeeded before is kept from history and not "
                    + "run again.")
    @APIResponse(responseCode = "202", description = "The instance is Running again")
    @APIResponse(responseCode = "400", description = "The instance ID is not one a start could have used, or the "
            + "instance failed inside a critical section, whose locks were released (error InvalidRequest)")
    @APIResponse(responseCode = "404", description = NO_INSTANCE)
    @APIResponse(responseCode = "409", description = "The instance has not finished: only a Failed instance can be "
            + "rewound (error InstanceNotFailed)")
    @APIResponse(responseCode = "410", description = "The instance is Completed or Terminated, as Durable Functions "
            + "answers it (error InstanceFinished)")
    Uni<Response> rewind(@Parameter(description = INSTANCE_ID) @PathParam("instanceId") String instanceId,
                         @Parameter(description = REASON) @QueryParam("reason") String reason);

    @POST
    @Path("/instances/{instanceId}/suspend")
    @Consumes(MediaType.WILDCARD)
    @Tag(name = ApiDocs.TAG_COMMANDS)
    @Operation(operationId = "suspendInstance", summary = "Suspend an instance",
            description = "Suspends the instance: it takes nothing but resume and terminate until resumed; other "
                    + "messages wait.")
    @APIResponse(responseCode = "202", description = QUEUED)
    @APIResponse(responseCode = "400", description = BAD_ID)
    @APIResponse(responseCode = "404", description = NO_INSTANCE)
    @APIResponse(responseCode = "410", description = FINISHED)
    Uni<Response> suspend(@Parameter(description = INSTANCE_ID) @PathParam("instanceId") String instanceId,
                          @Parameter(description = REASON) @QueryParam("reason") String reason);

    @POST
    @Path("/instances/{instanceId}/resume")
    @Consumes(MediaType.WILDCARD)
    @Tag(name = ApiDocs.TAG_COMMANDS)
    @Operation(operationId = "resumeInstance", summary = "Resume an instance",
            description = "Resumes a suspended instance; the messages that waited are applied.")
    @APIResponse(responseCode = "202", description = QUEUED)
    @APIResponse(responseCode = "400", description = BAD_ID)
    @APIResponse(responseCode = "404", description = NO_INSTANCE)
    @APIResponse(responseCode = "410", description = FINISHED)
    Uni<Response> resume(@Parameter(description = INSTANCE_ID) @PathParam("instanceId") String instanceId,
                         @Parameter(description = REASON) @QueryParam("reason") String reason);

    /**
     * Fires due durable timers and drains due work for a bounded time, then answers what it did: the wake-up a
     * Knative PingSource sends every minute while the service may be scaled to zero.
     */
    @POST
    @Path("/tick")
    @Consumes(MediaType.WILDCARD)
    @Tag(name = ApiDocs.TAG_COMMANDS)
    @Operation(operationId = "tick", summary = "Wake the engine and drain due work",
            description = "Fires every durable timer that fell due and runs due orchestration steps and activities "
                    + "until nothing is due or reprise.tick.max-duration passes, then answers what it did. A Knative "
                    + "PingSource calls it every minute so a service scaled to zero still moves forward. Accepts "
                    + "the API key or the tick-only key (reprise.http.tick-key).")
    @APIResponse(responseCode = "200", description = "What the tick did",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = TickService.TickReport.class)))
    Uni<TickService.TickReport> tick();
}
