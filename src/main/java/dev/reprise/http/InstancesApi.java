package dev.reprise.http;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import static dev.reprise.http.ApiDocs.CONTINUATION_HEADER;
import static dev.reprise.http.ApiDocs.INSTANCE_ID;
import static dev.reprise.http.ApiDocs.JSON;
import static dev.reprise.http.ApiDocs.KEY_IN_HEADER;
import static dev.reprise.http.ApiDocs.KEY_IN_QUERY;
import static dev.reprise.http.ApiDocs.NO_INSTANCE;
import static dev.reprise.http.ApiDocs.RETRY_AFTER;
import static dev.reprise.http.ApiDocs.STATUS_URL;

/**
 * The Durable Functions HTTP management API, reading and purging instances: the contract (routes and their OpenAPI
 * documentation); {@link InstancesResource} implements it. Every error is an {@link ApiError}; the answers every route shares (401, a
 * foreign task hub's 404, the error body) are added by {@link ManagementApiDoc}.
 */
@Path(ApiPaths.ROOT)
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirementsSet(@SecurityRequirement(name = KEY_IN_HEADER))
@SecurityRequirementsSet(@SecurityRequirement(name = KEY_IN_QUERY))
@SecurityRequirementsSet
public interface InstancesApi {

    @GET
    @Path("/instances/{instanceId}")
    @Tag(name = ApiDocs.TAG_INSTANCES)
    @Operation(operationId = "getInstanceStatus", summary = "Get an instance's status",
            description = "The instance's status, input, custom status and output (payloads embedded as JSON), "
                    + "optionally with its history. 202 while it is Pending, Running or Suspended, 200 once it "
                    + "finished (500 for a Failed one with returnInternalServerErrorOnFailure=true).")
    @APIResponse(responseCode = "200", description = "The instance finished: Completed, Failed or Terminated",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = InstanceStatus.class)))
    @APIResponse(responseCode = "500", description = "returnInternalServerErrorOnFailure=true and the instance "
            + "Failed: its status, as the 200 answer has it",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = InstanceStatus.class)))
    @APIResponse(responseCode = "202", description = "The instance is still Pending, Running or Suspended; poll "
            + "again", headers = {
            @Header(name = "Location", description = STATUS_URL, schema = @Schema(type = SchemaType.STRING)),
            @Header(name = "Retry-After", description = RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER))},
            content = @Content(mediaType = JSON, schema = @Schema(implementation = InstanceStatus.class)))
    @APIResponse(responseCode = "400", description = "A flag is not true or false, historyFormat is unknown, or the "
            + "instance ID is not one a start could have used (error InvalidRequest)")
    @APIResponse(responseCode = "404", description = NO_INSTANCE)
    Uni<Response> status(@Parameter(description = INSTANCE_ID) @PathParam("instanceId") String instanceId,
                         @Parameter(description = "Include the history events (default false), in Durable "
                                 + "Functions' shape unless historyFormat=reprise",
                                 schema = @Schema(type = SchemaType.BOOLEAN))
                         @QueryParam("showHistory") String showHistory,
                         @Parameter(description = "Include results in the history events (default false); with "
                                 + "historyFormat=reprise, inputs too", schema = @Schema(type = SchemaType.BOOLEAN))
                         @QueryParam("showHistoryOutput") String showHistoryOutput,
                         @Parameter(description = "Include the instance's input (default true)",
                                 schema = @Schema(type = SchemaType.BOOLEAN))
                         @QueryParam("showInput") String showInput,
                         @Parameter(description = "Answer 500 instead of 200 for a Failed instance (default false), "
                                 + "for pollers that only look at the status code",
                                 schema = @Schema(type = SchemaType.BOOLEAN))
                         @QueryParam("returnInternalServerErrorOnFailure") String errorOnFailure,
                         @Parameter(description = "Reprise's own: the shape of historyEvents: durable-functions "
                                 + "(default) or reprise (every history event as Reprise records it, camelCase, "
                                 + "for Reprise's tools)", schema = @Schema(enumeration = {"durable-functions",
                                 "reprise"}))
                         @QueryParam("historyFormat") String historyFormat,
                         @Parameter(description = "Reprise's own long poll: wait up to this many seconds (0 to 3600, "
                                 + "fractions allowed) for the instance to finish before answering, so a client need "
                                 + "not poll in a loop; the answer is the same 200 or 202 as without it")
                         @QueryParam("timeout") String timeout,
                         @Context UriInfo uri);

    @GET
    @Path("/instances")
    @Tag(name = ApiDocs.TAG_INSTANCES)
    @Operation(operationId = "queryInstances", summary = "List instances",
            description = "Instances matching the filters, ordered by creation time, one page at a time: a further "
                    + "page is announced by the x-ms-continuation-token response header, sent back as a request "
                    + "header.")
    @APIResponse(responseCode = "200", description = "One page of instances", headers = @Header(
            name = CONTINUATION_HEADER, description = "Present when more instances match: send it back to get the "
            + "next page", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = JSON, schema = @Schema(type = SchemaType.ARRAY,
                    implementation = InstanceStatus.class)))
    @APIResponse(responseCode = "400", description = "A filter is malformed: unknown status, time not ISO-8601, top "
            + "outside 1-1000, or a continuation token this service did not issue (error InvalidRequest)")
    Uni<Response> query(@Parameter(description = "Comma-separated runtime statuses, e.g. Running,Pending")
                        @QueryParam("runtimeStatus") String runtimeStatus,
                        @Parameter(description = "Created at or after this ISO-8601 time or date")
                        @QueryParam("createdTimeFrom") String createdTimeFrom,
                        @Parameter(description = "Created at or before this ISO-8601 time or date")
                        @QueryParam("createdTimeTo") String createdTimeTo,
                        @Parameter(description = "Only instance IDs starting with this")
                        @QueryParam("instanceIdPrefix") String instanceIdPrefix,
                        @Parameter(description = "Page size, 1 to 1000 (default 100)",
                                schema = @Schema(type = SchemaType.INTEGER))
                        @QueryParam("top") String top,
                        @Parameter(description = "Include each instance's input (default true)",
                                schema = @Schema(type = SchemaType.BOOLEAN))
                        @QueryParam("showInput") String showInput,
                        @Parameter(in = ParameterIn.HEADER, description = "The continuation token of the "
                                + "previous page, unchanged; omit it for the first page")
                        @HeaderParam(CONTINUATION_HEADER) String continuationToken);

    @DELETE
    @Path("/instances/{instanceId}")
    @Tag(name = ApiDocs.TAG_PURGE)
    @Operation(operationId = "purgeInstance", summary = "Purge an instance",
            description = "Deletes a finished instance with its history and messages, and, unless "
                    + "recursive=false, its finished sub-orchestrations (and theirs) with theirs.")
    @APIResponse(responseCode = "200", description = "Deleted",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = PurgeResult.class)))
    @APIResponse(responseCode = "400", description = "The instance ID is not one a start could have used "
            + "(error InvalidRequest)")
    @APIResponse(responseCode = "404", description = NO_INSTANCE)
    @APIResponse(responseCode = "412", description = "The instance has not finished: terminate it first (error "
            + "InstanceNotFinished)")
    Uni<Response> purge(@Parameter(description = INSTANCE_ID) @PathParam("instanceId") String instanceId,
                        @Parameter(description = "Purge the finished sub-orchestrations too (default true)",
                                schema = @Schema(type = SchemaType.BOOLEAN))
                        @QueryParam("recursive") String recursive);

    @DELETE
    @Path("/instances")
    @Tag(name = ApiDocs.TAG_PURGE)
    @Operation(operationId = "purgeInstances", summary = "Purge finished instances by filter",
            description = "Deletes the finished instances created in the window, with their history and messages, "
                    + "and their finished sub-orchestrations.")
    @APIResponse(responseCode = "200", description = "Deleted",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = PurgeResult.class)))
    @APIResponse(responseCode = "400", description = "createdTimeFrom is missing or after createdTimeTo, a time is "
            + "not ISO-8601, or a status is not a finished one (error InvalidRequest)")
    @APIResponse(responseCode = "404", description = "No finished instance matches the filter (error "
            + "NoMatchingInstances)")
    Uni<Response> purgeMany(@Parameter(description = "Created at or after this ISO-8601 time or date (required)",
                                    required = true) @QueryParam("createdTimeFrom") String createdTimeFrom,
                            @Parameter(description = "Created at or before this ISO-8601 time or date")
                            @QueryParam("createdTimeTo") String createdTimeTo,
                            @Parameter(description = "Comma-separated finished statuses (default Completed,"
                                    + "Failed,Terminated)") @QueryParam("runtimeStatus") String runtimeStatus);
}
