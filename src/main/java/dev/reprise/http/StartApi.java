package dev.reprise.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import static dev.reprise.http.ApiDocs.CONTENT_TYPE;
import static dev.reprise.http.ApiDocs.INPUT;
import static dev.reprise.http.ApiDocs.INSTANCE_ID;
import static dev.reprise.http.ApiDocs.JSON;
import static dev.reprise.http.ApiDocs.KEY_IN_HEADER;
import static dev.reprise.http.ApiDocs.KEY_IN_QUERY;
import static dev.reprise.http.ApiDocs.NOT_JSON;
import static dev.reprise.http.ApiDocs.WAITED;
import static dev.reprise.http.ApiDocs.WAIT_POLLING;
import static dev.reprise.http.ApiDocs.WAIT_TIMEOUT;
import static dev.reprise.http.ApiDocs.RETRY_AFTER;
import static dev.reprise.http.ApiDocs.STARTED;
import static dev.reprise.http.ApiDocs.STATUS_URL;
import static dev.reprise.http.ApiDocs.TOO_LARGE;

/**
 * The Durable Functions HTTP management API, starting instances: the contract (routes and their OpenAPI
 * documentation, served at {@code /q/openapi}); {@link StartResource} implements it. Every error is an
 * {@link ApiError}. The API key and its two ways of being sent are declared here for the whole API.
 */
@Path(ApiPaths.ROOT)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocs.TAG_START, description = "Start orchestration instances")
@Tag(name = ApiDocs.TAG_INSTANCES, description = "Query instances and their status")
@Tag(name = ApiDocs.TAG_COMMANDS, description = "Send events and commands to running instances")
@Tag(name = ApiDocs.TAG_PURGE, description = "Delete finished instances with their history")
@Tag(name = ApiDocs.TAG_ENTITIES, description = "Signal, read and list durable entities")
@SecurityScheme(securitySchemeName = KEY_IN_HEADER, type = SecuritySchemeType.APIKEY,
        in = SecuritySchemeIn.HEADER, apiKeyName = ApiKeyFilter.KEY_HEADER,
        description = "The API key, required on every route when reprise.http.api-key is set")
@SecurityScheme(securitySchemeName = KEY_IN_QUERY, type = SecuritySchemeType.APIKEY,
        in = SecuritySchemeIn.QUERY, apiKeyName = ApiKeyFilter.KEY_PARAMETER,
        description = "The API key as a query parameter, as the management URLs carry it")
// Either way of sending the key, or none: the key is only required when one is configured.
@SecurityRequirementsSet(@SecurityRequirement(name = KEY_IN_HEADER))
@SecurityRequirementsSet(@SecurityRequirement(name = KEY_IN_QUERY))
@SecurityRequirementsSet
public interface StartApi {

    /** The version query parameter of a start. */
    String VERSION = "The orchestration version to record on the instance (orchestration versioning; read in code "
            + "with getVersion, inherited by sub-orchestrations); default: the process's reprise.orchestrations"
            + ".version, none when unset";

    @POST
    @Path("/orchestrators/{name}")
    @Consumes(MediaType.WILDCARD)
    @Tag(name = ApiDocs.TAG_START)
    @Operation(operationId = "startOrchestration", summary = "Start an orchestration",
            description = "Starts orchestrator {name} under a new instance ID, with the JSON body as its input (no "
                    + "body: no input). Answers with 202 and the instance's management URLs: at once, or, with "
                    + "timeout, once the instance finished (200) or the timeout passed (202).")
    @APIResponse(responseCode = "202", description = STARTED, headers = {
            @Header(name = "Location", description = STATUS_URL, schema = @Schema(type = SchemaType.STRING)),
            @Header(name = "Retry-After", description = RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER))},
            content = @Content(mediaType = JSON, schema = @Schema(implementation = HttpManagementPayload.class)))
    @APIResponse(responseCode = "200", description = WAITED, content = @Content(mediaType = JSON,
            schema = @Schema(implementation = JsonNode.class)))
    @APIResponse(responseCode = "400", description = "The body is not one valid JSON value, timeout or "
            + "pollingInterval is not a number of seconds in range, or no orchestrator of that name is registered "
            + "(errors InvalidRequest, OrchestratorNotFound)")
    @APIResponse(responseCode = "413", description = TOO_LARGE)
    @APIResponse(responseCode = "415", description = NOT_JSON)
    Uni<Response> start(@Parameter(description = "The orchestrator's name") @PathParam("name") String name,
                        @Parameter(hidden = true) @HeaderParam(CONTENT_TYPE) String contentType,
                        @RequestBody(description = INPUT, required = false, content = @Content(mediaType = JSON,
                                schema = @Schema(implementation = JsonNode.class))) String body,
                        @Parameter(description = WAIT_TIMEOUT, schema = @Schema(type = SchemaType.NUMBER))
                        @QueryParam("timeout") String timeout,
                        @Parameter(description = WAIT_POLLING, schema = @Schema(type = SchemaType.NUMBER))
                        @QueryParam("pollingInterval") String pollingInterval,
                        @Parameter(description = VERSION) @QueryParam("version") String version,
                        @Context UriInfo uri);

    @POST
    @Path("/orchestrators/{name}/{instanceId}")
    @Consumes(MediaType.WILDCARD)
    @Tag(name = ApiDocs.TAG_START)
    @Operation(operationId = "startOrchestrationWithId", summary = "Start an orchestration under a given ID",
            description = "Starts orchestrator {name} as instance {instanceId}, with the JSON body as its input. An "
                    + "ID whose instance finished is handled by reusePolicy: reuse (default, as Durable Functions: "
                    + "the finished instance and its history are replaced), reject (409) or useExisting (nothing "
                    + "starts; the answer is the finished instance's, when it ran the same orchestrator, else 409). "
                    + "An ID whose instance is still Pending, Running or Suspended is always refused (409). "
                    + "With timeout, waits for the instance as the start without an ID does.")
    @APIResponse(responseCode = "202", description = STARTED, headers = {
            @Header(name = "Location", description = STATUS_URL, schema = @Schema(type = SchemaType.STRING)),
            @Header(name = "Retry-After", description = RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER))},
            content = @Content(mediaType = JSON, schema = @Schema(implementation = HttpManagementPayload.class)))
    @APIResponse(responseCode = "200", description = WAITED, content = @Content(mediaType = JSON,
            schema = @Schema(implementation = JsonNode.class)))
    @APIResponse(responseCode = "400", description = "The body is not one valid JSON value, the instance ID is not "
            + "acceptable, reusePolicy is not reuse, reject or useExisting, timeout or pollingInterval is not a "
            + "number of seconds in range, or no orchestrator of that name is registered (errors InvalidRequest, "
            + "OrchestratorNotFound)")
    @APIResponse(responseCode = "409", description = "An instance with this ID is still Pending, Running or "
            + "Suspended, or it finished and reusePolicy is reject, or useExisting and it ran another orchestrator "
            + "(error InstanceAlreadyExists)")
    @APIResponse(responseCode = "413", description = TOO_LARGE)
    @APIResponse(responseCode = "415", description = NOT_JSON)
    Uni<Response> startWithId(@Parameter(description = "The orchestrator's name") @PathParam("name") String name,
                              @Parameter(description = INSTANCE_ID) @PathParam("instanceId") String instanceId,
                              @Parameter(hidden = true) @HeaderParam(CONTENT_TYPE) String contentType,
                              @RequestBody(description = INPUT, required = false, content = @Content(
                                      mediaType = JSON, schema = @Schema(implementation = JsonNode.class)))
                              String body,
                              @Parameter(description = WAIT_TIMEOUT, schema = @Schema(type = SchemaType.NUMBER))
                              @QueryParam("timeout") String timeout,
                              @Parameter(description = WAIT_POLLING, schema = @Schema(type = SchemaType.NUMBER))
                              @QueryParam("pollingInterval") String pollingInterval,
                              @Parameter(description = "What to do when the ID belongs to a finished instance: "
                                      + "reuse (default), reject or useExisting", schema = @Schema(
                                      type = SchemaType.STRING, enumeration = {"reuse", "reject", "useExisting"}))
                              @QueryParam("reusePolicy") String reusePolicy,
                              @Parameter(description = VERSION) @QueryParam("version") String version,
                              @Context UriInfo uri);

    /** Starts the same orchestration again with the same input, as Durable Functions' restart. */
    @POST
    @Path("/instances/{instanceId}/restart")
    @Consumes(MediaType.WILDCARD)
    @Tag(name = ApiDocs.TAG_START)
    @Operation(operationId = "restartInstance", summary = "Restart an instance",
            description = "Starts the instance's orchestrator again with the same input, under a new instance ID "
                    + "(default) or, with restartWithNewInstanceId=false, under the same one once it finished. "
                    + "With timeout, waits for the new run as a start does.")
    @APIResponse(responseCode = "202", description = STARTED, headers = {
            @Header(name = "Location", description = STATUS_URL, schema = @Schema(type = SchemaType.STRING)),
            @Header(name = "Retry-After", description = RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER))},
            content = @Content(mediaType = JSON, schema = @Schema(implementation = HttpManagementPayload.class)))
    @APIResponse(responseCode = "200", description = WAITED, content = @Content(mediaType = JSON,
            schema = @Schema(implementation = JsonNode.class)))
    @APIResponse(responseCode = "400", description = "No instance has this ID (as Durable Functions answers it), "
            + "the ID is not one a start could have used, restartWithNewInstanceId is not true or false, timeout "
            + "or pollingInterval is out of range, or the instance's orchestrator is no longer registered (errors "
            + "InvalidRequest, OrchestratorNotFound)")
    @APIResponse(responseCode = "409", description = "restartWithNewInstanceId=false and the instance is still "
            + "running (error InstanceAlreadyExists)")
    Uni<Response> restart(@Parameter(description = INSTANCE_ID) @PathParam("instanceId") String instanceId,
                          @Parameter(description = "Start under a new instance ID (default true)",
                                  schema = @Schema(type = SchemaType.BOOLEAN))
                          @QueryParam("restartWithNewInstanceId") String newId,
                          @Parameter(description = WAIT_TIMEOUT, schema = @Schema(type = SchemaType.NUMBER))
                          @QueryParam("timeout") String timeout,
                          @Parameter(description = WAIT_POLLING, schema = @Schema(type = SchemaType.NUMBER))
                          @QueryParam("pollingInterval") String pollingInterval,
                          @Context UriInfo uri);
}
