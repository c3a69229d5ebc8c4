package dev.reprise.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import static dev.reprise.http.ApiDocs.BAD_ENTITY;
import static dev.reprise.http.ApiDocs.CONTENT_TYPE;
import static dev.reprise.http.ApiDocs.CONTINUATION_HEADER;
import static dev.reprise.http.ApiDocs.ENTITY_KEY;
import static dev.reprise.http.ApiDocs.ENTITY_NAME;
import static dev.reprise.http.ApiDocs.JSON;
import static dev.reprise.http.ApiDocs.KEY_IN_HEADER;
import static dev.reprise.http.ApiDocs.KEY_IN_QUERY;
import static dev.reprise.http.ApiDocs.NOT_JSON;
import static dev.reprise.http.ApiDocs.TOO_LARGE;

/**
 * The Durable Functions HTTP management API of durable entities (its "Signal entity", "Get entity" and "List
 * entities" routes): the contract; {@link EntitiesResource} implements it. Every error is an {@link ApiError}; the answers every route shares (401, a
 * foreign task hub's 404, the error body) are added by {@link ManagementApiDoc}.
 */
@Path(ApiPaths.ROOT)
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirementsSet(@SecurityRequirement(name = KEY_IN_HEADER))
@SecurityRequirementsSet(@SecurityRequirement(name = KEY_IN_QUERY))
@SecurityRequirementsSet
public interface EntitiesApi {

    String NO_ENTITY_FUNCTION = "No entity function is registered under this name (error EntityNotFound)";
    String LAST_FROM = "Only entities whose last operation ran at or after this ISO-8601 time or date";
    String LAST_TO = "Only entities whose last operation ran at or before this ISO-8601 time or date";
    String TOP = "Page size, 1 to 1000 (default 100)";
    String FETCH_STATE = "Include each entity's state (default false)";
    String CONTINUATION = "The continuation token of the previous page, unchanged; omit it for the first page";
    String LISTED = "One page of entities, ordered by entity ID, each {entityId: {key, name}, lastOperationTime"
            + "[, state]}; entities without state are left out";
    String NEXT_PAGE = "Present when more entities match: send it back to get the next page";
    String BAD_LIST = "A filter is malformed: time not ISO-8601, lastOperationTimeFrom after lastOperationTimeTo, top "
            + "outside 1-1000, fetchState not true or false, or a continuation token this service did not issue "
            + "(error InvalidRequest)";

    @GET
    @Path("/entities/{name}/{key}")
    @Tag(name = ApiDocs.TAG_ENTITIES)
    @Operation(operationId = "getEntity", summary = "Get an entity's state",
            description = "The entity's state as JSON, as Durable Functions' get entity.")
    @APIResponse(responseCode = "200", description = "The entity's state",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = JsonNode.class)))
    @APIResponse(responseCode = "400", description = BAD_ENTITY)
    @APIResponse(responseCode = "404", description = "The entity does not exist: it has no state (error "
            + "EntityNotFound)")
    Uni<Response> get(@Parameter(description = ENTITY_NAME) @PathParam("name") String name,
                      @Parameter(description = ENTITY_KEY) @PathParam("key") String key);

    @POST
    @Path("/entities/{name}/{key}")
    @Consumes(MediaType.WILDCARD)
    @Tag(name = ApiDocs.TAG_ENTITIES)
    @Operation(operationId = "signalEntity", summary = "Signal an entity",
            description = "Sends operation {op} to the entity, one-way, with the JSON body as its input (no body: no "
                    + "input), as Durable Functions' signal entity. The entity is created by its first operation.")
    @APIResponse(responseCode = "202", description = "The operation is queued for the entity")
    @APIResponse(responseCode = "400", description = "op is missing or not a valid operation name, the body is not "
            + "one JSON value, or " + BAD_ENTITY)
    @APIResponse(responseCode = "404", description = NO_ENTITY_FUNCTION)
    @APIResponse(responseCode = "413", description = TOO_LARGE)
    @APIResponse(responseCode = "415", description = NOT_JSON)
    Uni<Response> signal(@Parameter(description = ENTITY_NAME) @PathParam("name") String name,
                         @Parameter(description = ENTITY_KEY) @PathParam("key") String key,
                         @Parameter(description = "The operation's name (required; matched ignoring case), e.g. add",
                                 required = true) @QueryParam("op") String operation,
                         @Parameter(hidden = true) @HeaderParam(CONTENT_TYPE) String contentType,
                         @RequestBody(description = "The operation's input: any JSON value", required = false,
                                 content = @Content(mediaType = JSON,
                                         schema = @Schema(implementation = JsonNode.class)))
                         String body);

    @DELETE
    @Path("/entities/{name}/{key}")
    @Tag(name = ApiDocs.TAG_ENTITIES)
    @Operation(operationId = "deleteEntity", summary = "Delete an entity",
            description = "Signals operation delete to the entity, which deletes its state (unless the entity "
                    + "defines its own delete operation), in order with the operations sent before it.")
    @APIResponse(responseCode = "202", description = "The delete is queued for the entity")
    @APIResponse(responseCode = "400", description = BAD_ENTITY)
    @APIResponse(responseCode = "404", description = NO_ENTITY_FUNCTION)
    Uni<Response> delete(@Parameter(description = ENTITY_NAME) @PathParam("name") String name,
                         @Parameter(description = ENTITY_KEY) @PathParam("key") String key);

    @GET
    @Path("/entities/{name}")
    @Tag(name = ApiDocs.TAG_ENTITIES)
    @Operation(operationId = "listEntitiesOfName", summary = "List the entities of one name",
            description = "Entities of name {name} that have state, as Durable Functions' list entities, one page at "
                    + "a time: a further page is announced by the x-ms-continuation-token response header, sent back "
                    + "as a request header.")
    @APIResponse(responseCode = "200", description = LISTED, headers = @Header(name = CONTINUATION_HEADER,
            description = NEXT_PAGE, schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = EntityStatus.class)))
    @APIResponse(responseCode = "400", description = BAD_LIST + "; or the name breaks the rules")
    Uni<Response> list(@Parameter(description = ENTITY_NAME) @PathParam("name") String name,
                       @Parameter(description = LAST_FROM) @QueryParam("lastOperationTimeFrom") String from,
                       @Parameter(description = LAST_TO) @QueryParam("lastOperationTimeTo") String to,
                       @Parameter(description = TOP, schema = @Schema(type = SchemaType.INTEGER))
                       @QueryParam("top") String top,
                       @Parameter(description = FETCH_STATE, schema = @Schema(type = SchemaType.BOOLEAN))
                       @QueryParam("fetchState") String fetchState,
                       @Parameter(in = ParameterIn.HEADER, description = CONTINUATION)
                       @HeaderParam(CONTINUATION_HEADER) String continuationToken);

    @GET
    @Path("/entities")
    @Tag(name = ApiDocs.TAG_ENTITIES)
    @Operation(operationId = "listEntities", summary = "List entities",
            description = "Every entity that has state, as GET /entities/{name} does for one name.")
    @APIResponse(responseCode = "200", description = LISTED, headers = @Header(name = CONTINUATION_HEADER,
            description = NEXT_PAGE, schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = EntityStatus.class)))
    @APIResponse(responseCode = "400", description = BAD_LIST)
    Uni<Response> listAll(@Parameter(description = LAST_FROM) @QueryParam("lastOperationTimeFrom") String from,
                          @Parameter(description = LAST_TO) @QueryParam("lastOperationTimeTo") String to,
                          @Parameter(description = TOP, schema = @Schema(type = SchemaType.INTEGER))
                          @QueryParam("top") String top,
                          @Parameter(description = FETCH_STATE, schema = @Schema(type = SchemaType.BOOLEAN))
                          @QueryParam("fetchState") String fetchState,
                          @Parameter(in = ParameterIn.HEADER, description = CONTINUATION)
                          @HeaderParam(CONTINUATION_HEADER) String continuationToken);
}
