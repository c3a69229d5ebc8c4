package dev.reprise.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.api.DurableClient;
import dev.reprise.api.HttpManagementPayload;
import dev.reprise.api.InstanceIds;
import dev.reprise.api.InstanceQuery;
import dev.reprise.api.InvalidRequestException;
import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.api.OrchestrationMetadata;
import dev.reprise.api.OrchestrationNotFoundException;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.RepriseException;
import dev.reprise.dispatch.TickService;
import dev.reprise.history.HistoryEvent;
import dev.reprise.store.HistoryCodec;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
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

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Durable Functions HTTP management API: start instances, query them, raise events, terminate, suspend, resume,
 * restart and purge. Every answer is JSON; every error is an {@link ApiError}.
 * <p>
 * Request bodies are JSON: one sent with another declared type answers 415 rather than being guessed at (a body
 * without a {@code Content-Type} is read as JSON).
 * <p>
 * An instance ID no start request could have used (see {@link InstanceIds}) answers 400 instead of 404 when nothing
 * has it.
 * <p>
 * The OpenAPI annotations document every route at {@code /q/openapi} (and Swagger UI at {@code /q/swagger-ui}). The
 * 401, 413 and 415 answers come from route filters ({@link ApiKeyFilter}, {@link BodyLimitFilter}) and
 * {@link #requireJsonBody}; every error body is an {@link ApiError}.
 */
@Path("/runtime/webhooks/durabletask")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = DurableTaskResource.TAG_START, description = "Start orchestration instances")
@Tag(name = DurableTaskResource.TAG_INSTANCES, description = "Query instances and their status")
@Tag(name = DurableTaskResource.TAG_COMMANDS, description = "Send events and commands to running instances")
@Tag(name = DurableTaskResource.TAG_PURGE, description = "Delete finished instances with their history")
@SecurityScheme(securitySchemeName = DurableTaskResource.KEY_IN_HEADER, type = SecuritySchemeType.APIKEY,
        in = SecuritySchemeIn.HEADER, apiKeyName = ApiKeyFilter.KEY_HEADER,
        description = "The API key, required on every route when reprise.http.api-key is set")
@SecurityScheme(securitySchemeName = DurableTaskResource.KEY_IN_QUERY, type = SecuritySchemeType.APIKEY,
        in = SecuritySchemeIn.QUERY, apiKeyName = ApiKeyFilter.KEY_PARAMETER,
        description = "The API key as a query parameter, as the management URLs carry it")
// Either way of sending the key, or none: the key is only required when one is configured.
@SecurityRequirementsSet(@SecurityRequirement(name = DurableTaskResource.KEY_IN_HEADER))
@SecurityRequirementsSet(@SecurityRequirement(name = DurableTaskResource.KEY_IN_QUERY))
@SecurityRequirementsSet
public class DurableTaskResource {

    static final String TAG_START = "Start";
    static final String TAG_INSTANCES = "Instances";
    static final String TAG_COMMANDS = "Commands";
    static final String TAG_PURGE = "Purge";
    static final String KEY_IN_HEADER = "functionsKey";
    static final String KEY_IN_QUERY = "functionsKeyCode";
    private static final String JSON = MediaType.APPLICATION_JSON;
    private static final String UNAUTHORIZED = "reprise.http.api-key is set and the request does not carry it, "
            + "in the x-functions-key header or the code query parameter (error Unauthorized)";
    private static final String TOO_LARGE = "The body is over quarkus.http.limits.max-body-size (error "
            + "PayloadTooLarge)";
    private static final String NOT_JSON = "The body is declared as something other than JSON, e.g. the form "
            + "type curl -d sends (error UnsupportedMediaType)";
    private static final String NO_INSTANCE = "No instance has this ID (error InstanceNotFound)";
    private static final String FINISHED = "The instance already finished: Completed, Failed or Terminated "
            + "(error InstanceFinished)";
    private static final String STARTED = "Started: the body holds the instance ID and its management URLs; poll "
            + "statusQueryGetUri until the instance finishes";
    private static final String STATUS_URL = "The instance's status URL (statusQueryGetUri)";
    private static final String RETRY_AFTER = "Seconds to wait before polling the status URL";
    private static final String INSTANCE_ID = "The instance ID: 1 to 256 characters, none of / \\ # ? or control "
            + "characters; percent-encode it in the path";

    static final String CONTINUATION_HEADER = "x-ms-continuation-token";
    private static final String CONTENT_TYPE = "Content-Type";
    private static final int RETRY_AFTER_SECONDS = 1;

    private final DurableClient client;
    private final ObjectMapper mapper;
    /** Reads a whole body as one JSON value: {@code {"a":1} junk} is refused, not read as {@code {"a":1}}. */
    private final ObjectReader strictReader;
    private final HistoryCodec codec;
    private final TickService tick;

    DurableTaskResource(DurableClient client, ObjectMapper mapper, HistoryCodec codec, TickService tick) {
        this.client = client;
        this.tick = tick;
        this.mapper = mapper;
        this.strictReader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.codec = codec;
    }

    /**
     * Fires due durable timers and drains due work for a bounded time, then answers what it did: the wake-up a
     * Knative PingSource sends every minute while the service may be scaled to zero.
     */
    @POST
    @Path("/tick")
    @Consumes(MediaType.WILDCARD)
    @Tag(name = TAG_COMMANDS)
    @Operation(operationId = "tick", summary = "Wake the engine and drain due work",
            description = "Fires every durable timer that fell due and runs due orchestration steps and activities "
                    + "until nothing is due or reprise.tick.max-duration passes, then answers what it did. A Knative "
                    + "PingSource calls it every minute so a service scaled to zero still moves forward. Accepts "
                    + "the API key or the tick-only key (reprise.http.tick-key).")
    @APIResponse(responseCode = "200", description = "What the tick did",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = TickService.TickReport.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<TickService.TickReport> tick() {
        return tick.tick();
    }

    @POST
    @Path("/orchestrators/{name}")
    @Consumes(MediaType.WILDCARD)
    @Tag(name = TAG_START)
    @Operation(operationId = "startOrchestration", summary = "Start an orchestration",
            description = "Starts orchestrator {name} under a new instance ID, with the JSON body as its input (no "
                    + "body: no input). Answers at once with 202 and the instance's management URLs.")
    @APIResponse(responseCode = "202", description = STARTED, headers = {
            @Header(name = "Location", description = STATUS_URL, schema = @Schema(type = SchemaType.STRING)),
            @Header(name = "Retry-After", description = RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER))},
            content = @Content(mediaType = JSON, schema = @Schema(implementation = HttpManagementPayload.class)))
    @APIResponse(responseCode = "400", description = "The body is not one valid JSON value (error InvalidRequest)",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "No orchestrator of that name is registered (error "
            + "OrchestratorNotFound)", content = @Content(mediaType = JSON,
            schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = TOO_LARGE,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = NOT_JSON,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> start(@Parameter(description = "The orchestrator's name") @PathParam("name") String name,
                               @Parameter(hidden = true) @HeaderParam(CONTENT_TYPE) String contentType,
                               @RequestBody(description = "The orchestration's input: any JSON value",
                                       required = false, content = @Content(mediaType = JSON,
                                       schema = @Schema(implementation = JsonNode.class))) String body,
                               @Context UriInfo uri) {
        return startWithId(name, null, contentType, body, uri);
    }

    @POST
    @Path("/orchestrators/{name}/{instanceId}")
    @Consumes(MediaType.WILDCARD)
    @Tag(name = TAG_START)
    @Operation(operationId = "startOrchestrationWithId", summary = "Start an orchestration under a given ID",
            description = "Starts orchestrator {name} as instance {instanceId}, with the JSON body as its input. An "
                    + "ID whose instance finished is reused (its old history is deleted); one still running is not.")
    @APIResponse(responseCode = "202", description = STARTED, headers = {
            @Header(name = "Location", description = STATUS_URL, schema = @Schema(type = SchemaType.STRING)),
            @Header(name = "Retry-After", description = RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER))},
            content = @Content(mediaType = JSON, schema = @Schema(implementation = HttpManagementPayload.class)))
    @APIResponse(responseCode = "400", description = "The body is not one valid JSON value, or the instance ID is "
            + "not acceptable (error InvalidRequest)",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "No orchestrator of that name is registered (error "
            + "OrchestratorNotFound)", content = @Content(mediaType = JSON,
            schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "An instance with this ID is still Pending, Running or "
            + "Suspended (error InstanceAlreadyExists)",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = TOO_LARGE,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = NOT_JSON,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> startWithId(@Parameter(description = "The orchestrator's name") @PathParam("name") String name,
                                     @Parameter(description = INSTANCE_ID) @PathParam("instanceId") String instanceId,
                                     @Parameter(hidden = true) @HeaderParam(CONTENT_TYPE) String contentType,
                                     @RequestBody(description = "The orchestration's input: any JSON value",
                                             required = false, content = @Content(mediaType = JSON,
                                       schema = @Schema(implementation = JsonNode.class))) String body,
                                     @Context UriInfo uri) {
        return Uni.createFrom().deferred(() -> {
            requireJsonBody(contentType, body);
            JsonNode input = parseJson(body, "orchestration input");
            return client.scheduleNewOrchestration(name, input, new NewOrchestrationOptions(instanceId, null))
                    .map(id -> client.createCheckStatusResponse(uri.getBaseUri(), id));
        });
    }

    @GET
    @Path("/instances/{instanceId}")
    @Tag(name = TAG_INSTANCES)
    @Operation(operationId = "getInstanceStatus", summary = "Get an instance's status",
            description = "The instance's status, input, custom status and output (payloads embedded as JSON), "
                    + "optionally with its history. 202 while it is Pending, Running or Suspended, 200 once it "
                    + "finished.")
    @APIResponse(responseCode = "200", description = "The instance finished: Completed, Failed or Terminated",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = InstanceStatus.class)))
    @APIResponse(responseCode = "202", description = "The instance is still Pending, Running or Suspended; poll "
            + "again", headers = {
            @Header(name = "Location", description = STATUS_URL, schema = @Schema(type = SchemaType.STRING)),
            @Header(name = "Retry-After", description = RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER))},
            content = @Content(mediaType = JSON, schema = @Schema(implementation = InstanceStatus.class)))
    @APIResponse(responseCode = "400", description = "A flag is not true or false, or the instance ID is not one a "
            + "start could have used (error InvalidRequest)",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = NO_INSTANCE,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> status(@Parameter(description = INSTANCE_ID) @PathParam("instanceId") String instanceId,
                                @Parameter(description = "Include the history events (default false)",
                                        schema = @Schema(type = SchemaType.BOOLEAN))
                                @QueryParam("showHistory") String showHistory,
                                @Parameter(description = "Include inputs and results in the history events "
                                        + "(default false)", schema = @Schema(type = SchemaType.BOOLEAN))
                                @QueryParam("showHistoryOutput") String showHistoryOutput,
                                @Parameter(description = "Include the instance's input (default true)",
                                        schema = @Schema(type = SchemaType.BOOLEAN))
                                @QueryParam("showInput") String showInput, @Context UriInfo uri) {
        return Uni.createFrom().deferred(() -> {
            boolean history = flag(showHistory, "showHistory", false);
            boolean historyOutput = flag(showHistoryOutput, "showHistoryOutput", false);
            boolean input = flag(showInput, "showInput", true);
            return client.getInstanceMetadata(instanceId, true).chain(m -> {
                if (m == null) {
                    throw notFound(instanceId);
                }
                Uni<List<JsonNode>> events = history
                        ? client.getInstanceHistory(instanceId).map(h -> renderHistory(h, historyOutput))
                        : Uni.createFrom().nullItem();
                return events.map(h -> statusResponse(m, input, h, uri));
            });
        });
    }

    private Response statusResponse(OrchestrationMetadata m, boolean showInput, List<JsonNode> history,
                                     UriInfo uri) {
        InstanceStatus body = toStatus(m, showInput, history);
        if (m.isCompleted()) {
            return Response.ok(body).build();
        }
        String location = client.createHttpManagementPayload(uri.getBaseUri(), m.getInstanceId())
                .statusQueryGetUri();
        return Response.accepted(body).header("Location", location).header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }

    private static InstanceStatus toStatus(OrchestrationMetadata m, boolean showInput, List<JsonNode> history) {
        return new InstanceStatus(m.getName(), m.getInstanceId(), m.getRuntimeStatus().name(),
                showInput ? m.getSerializedInput() : null, m.getSerializedCustomStatus(), m.getSerializedOutput(),
                m.getFailureDetails(), m.getCreatedAt(), m.getLastUpdatedAt(), history);
    }

    private List<JsonNode> renderHistory(List<HistoryEvent> events, boolean withPayloads) {
        List<JsonNode> out = new ArrayList<>(events.size());
        for (HistoryEvent e : events) {
            try {
                ObjectNode node = (ObjectNode) mapper.readTree(codec.encode(e));
                node.remove("type");
                ObjectNode shown = mapper.createObjectNode().put("eventType", e.eventType());
                shown.setAll(node);
                for (String payload : List.of("input", "result")) {
                    JsonNode text = shown.get(payload);
                    if (text == null) {
                        continue;
                    }
                    if (!withPayloads) {
                        shown.remove(payload);
                    } else if (text.isTextual()) {
                        shown.set(payload, mapper.readTree(text.asText()));
                    }
                }
                out.add(shown);
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException("history event not renderable", ex);
            }
        }
        return out;
    }

    @GET
    @Path("/instances")
    @Tag(name = TAG_INSTANCES)
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
            + "outside 1-1000, or a continuation token this service did not issue (error InvalidRequest)",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> query(@Parameter(description = "Comma-separated runtime statuses, e.g. Running,Pending")
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
                               @Parameter(description = "Include each instance's input (default false)",
                                       schema = @Schema(type = SchemaType.BOOLEAN))
                               @QueryParam("showInput") String showInput,
                               @Parameter(in = ParameterIn.HEADER, description = "The continuation token of the "
                                       + "previous page, unchanged; omit it for the first page")
                               @HeaderParam(CONTINUATION_HEADER) String continuationToken) {
        return Uni.createFrom().deferred(() -> {
            boolean input = flag(showInput, "showInput", false);
            InstanceQuery query = new InstanceQuery(statuses(runtimeStatus), time(createdTimeFrom,
                    "createdTimeFrom"), time(createdTimeTo, "createdTimeTo"),
                    instanceIdPrefix == null || instanceIdPrefix.isEmpty() ? null : instanceIdPrefix,
                    pageSize(top), continuationToken, true);
            return client.queryInstances(query).map(page -> {
                List<InstanceStatus> body = page.instances().stream().map(m -> toStatus(m, input, null)).toList();
                Response.ResponseBuilder ok = Response.ok(body);
                if (page.continuationToken() != null) {
                    ok.header(CONTINUATION_HEADER, page.continuationToken());
                }
                return ok.build();
            });
        });
    }

    @POST
    @Path("/instances/{instanceId}/raiseEvent/{eventName}")
    @Consumes(MediaType.WILDCARD)
    @Tag(name = TAG_COMMANDS)
    @Operation(operationId = "raiseEvent", summary = "Raise an external event",
            description = "Delivers event {eventName} with the JSON body as its data to the instance; an event "
                    + "raised before the orchestration waits for it is kept until it does.")
    @APIResponse(responseCode = "202", description = "The event is queued for the instance")
    @APIResponse(responseCode = "400", description = "The body is not one valid JSON value, or the instance ID or "
            + "event name is not acceptable (error InvalidRequest)",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = NO_INSTANCE,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "410", description = FINISHED,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = TOO_LARGE,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = NOT_JSON,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> raiseEvent(@Parameter(description = INSTANCE_ID) @PathParam("instanceId") String instanceId,
                                    @Parameter(description = "The event's name: not blank, at most 256 characters, "
                                            + "no control characters") @PathParam("eventName") String eventName,
                                    @Parameter(hidden = true) @HeaderParam(CONTENT_TYPE) String contentType,
                                    @RequestBody(description = "The event's data: any JSON value",
                                            required = false, content = @Content(mediaType = JSON,
                                       schema = @Schema(implementation = JsonNode.class))) String body) {
        return Uni.createFrom().deferred(() -> {
            requireJsonBody(contentType, body);
            JsonNode data = parseJson(body, "event data");
            return accepted(instanceId, client.raiseEvent(instanceId, eventName, data));
        });
    }

    @POST
    @Path("/instances/{instanceId}/terminate")
    @Consumes(MediaType.WILDCARD)
    @Tag(name = TAG_COMMANDS)
    @Operation(operationId = "terminateInstance", summary = "Terminate an instance",
            description = "Terminates the instance: it ends as Terminated with the reason as its output.")
    @APIResponse(responseCode = "202", description = "The command is queued for the instance")
    @APIResponse(responseCode = "400", description = "The instance ID is not one a start could have used (error "
            + "InvalidRequest)", content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = NO_INSTANCE,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "410", description = FINISHED,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> terminate(@Parameter(description = INSTANCE_ID) @PathParam("instanceId") String instanceId,
                              @Parameter(description = "Why, recorded in the history") @QueryParam("reason")
                              String reason) {
        return accepted(instanceId, client.terminate(instanceId, reason));
    }

    @POST
    @Path("/instances/{instanceId}/suspend")
    @Consumes(MediaType.WILDCARD)
    @Tag(name = TAG_COMMANDS)
    @Operation(operationId = "suspendInstance", summary = "Suspend an instance",
            description = "Suspends the instance: it takes nothing but resume and terminate until resumed; other messages wait.")
    @APIResponse(responseCode = "202", description = "The command is queued for the instance")
    @APIResponse(responseCode = "400", description = "The instance ID is not one a start could have used (error "
            + "InvalidRequest)", content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = NO_INSTANCE,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "410", description = FINISHED,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> suspend(@Parameter(description = INSTANCE_ID) @PathParam("instanceId") String instanceId,
                              @Parameter(description = "Why, recorded in the history") @QueryParam("reason")
                              String reason) {
        return accepted(instanceId, client.suspend(instanceId, reason));
    }

    @POST
    @Path("/instances/{instanceId}/resume")
    @Consumes(MediaType.WILDCARD)
    @Tag(name = TAG_COMMANDS)
    @Operation(operationId = "resumeInstance", summary = "Resume an instance",
            description = "Resumes a suspended instance; the messages that waited are applied.")
    @APIResponse(responseCode = "202", description = "The command is queued for the instance")
    @APIResponse(responseCode = "400", description = "The instance ID is not one a start could have used (error "
            + "InvalidRequest)", content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = NO_INSTANCE,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "410", description = FINISHED,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> resume(@Parameter(description = INSTANCE_ID) @PathParam("instanceId") String instanceId,
                              @Parameter(description = "Why, recorded in the history") @QueryParam("reason")
                              String reason) {
        return accepted(instanceId, client.resume(instanceId, reason));
    }

    /** Starts the same orchestration again with the same input, as Durable Functions' restart. */
    @POST
    @Path("/instances/{instanceId}/restart")
    @Consumes(MediaType.WILDCARD)
    @Tag(name = TAG_START)
    @Operation(operationId = "restartInstance", summary = "Restart an instance",
            description = "Starts the instance's orchestrator again with the same input, under a new instance ID "
                    + "(default) or, with restartWithNewInstanceId=false, under the same one once it finished.")
    @APIResponse(responseCode = "202", description = STARTED, headers = {
            @Header(name = "Location", description = STATUS_URL, schema = @Schema(type = SchemaType.STRING)),
            @Header(name = "Retry-After", description = RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER))},
            content = @Content(mediaType = JSON, schema = @Schema(implementation = HttpManagementPayload.class)))
    @APIResponse(responseCode = "400", description = "restartWithNewInstanceId is not true or false, or the "
            + "instance ID is not one a start could have used (error InvalidRequest)",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = NO_INSTANCE,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "restartWithNewInstanceId=false and the instance is still "
            + "running (error InstanceAlreadyExists)",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> restart(@Parameter(description = INSTANCE_ID) @PathParam("instanceId") String instanceId,
                                 @Parameter(description = "Start under a new instance ID (default true)",
                                         schema = @Schema(type = SchemaType.BOOLEAN))
                                 @QueryParam("restartWithNewInstanceId") String newId, @Context UriInfo uri) {
        return Uni.createFrom().deferred(() -> {
            boolean fresh = flag(newId, "restartWithNewInstanceId", true);
            return client.getInstanceMetadata(instanceId, true).chain(m -> {
                if (m == null) {
                    throw notFound(instanceId);
                }
                JsonNode input = parseJson(m.getSerializedInput(), "stored input");
                return client.scheduleNewOrchestration(m.getName(), input,
                                new NewOrchestrationOptions(fresh ? null : instanceId, null))
                        .map(id -> client.createCheckStatusResponse(uri.getBaseUri(), id));
            });
        });
    }

    @DELETE
    @Path("/instances/{instanceId}")
    @Tag(name = TAG_PURGE)
    @Operation(operationId = "purgeInstance", summary = "Purge an instance",
            description = "Deletes a finished instance with its history and messages.")
    @APIResponse(responseCode = "200", description = "Deleted",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = PurgeResult.class)))
    @APIResponse(responseCode = "400", description = "The instance has not finished (terminate it first), or its ID "
            + "is not one a start could have used (error InvalidRequest)",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = NO_INSTANCE,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> purge(@Parameter(description = INSTANCE_ID) @PathParam("instanceId") String instanceId) {
        return client.purgeInstance(instanceId).map(n -> Response.ok(new PurgeResult(n)).build())
                .onFailure(OrchestrationNotFoundException.class).transform(e -> notFound(instanceId));
    }

    @DELETE
    @Path("/instances")
    @Tag(name = TAG_PURGE)
    @Operation(operationId = "purgeInstances", summary = "Purge finished instances by filter",
            description = "Deletes the finished instances created in the window, with their history and messages.")
    @APIResponse(responseCode = "200", description = "Deleted",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = PurgeResult.class)))
    @APIResponse(responseCode = "400", description = "createdTimeFrom is missing or after createdTimeTo, a time is "
            + "not ISO-8601, or a status is not a finished one (error InvalidRequest)",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED,
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> purgeMany(@Parameter(description = "Created at or after this ISO-8601 time or date "
                                           + "(required)", required = true)
                                   @QueryParam("createdTimeFrom") String createdTimeFrom,
                                   @Parameter(description = "Created at or before this ISO-8601 time or date")
                                   @QueryParam("createdTimeTo") String createdTimeTo,
                                   @Parameter(description = "Comma-separated finished statuses (default Completed,"
                                           + "Failed,Terminated)")
                                   @QueryParam("runtimeStatus") String runtimeStatus) {
        return Uni.createFrom().deferred(() -> {
            Instant from = time(createdTimeFrom, "createdTimeFrom");
            if (from == null) {
                throw new InvalidRequestException("createdTimeFrom is required to purge instances by filter, e.g. "
                        + "?createdTimeFrom=2026-01-01T00:00:00Z");
            }
            return client.purgeInstances(from, time(createdTimeTo, "createdTimeTo"), statuses(runtimeStatus))
                    .map(n -> Response.ok(new PurgeResult(n)).build());
        });
    }

    private Uni<Response> accepted(String instanceId, Uni<Void> command) {
        return command.replaceWith(Response.accepted().build())
                .onFailure(OrchestrationNotFoundException.class).transform(e -> notFound(instanceId));
    }

    /**
     * 404 for a well-formed ID nobody has; 400 naming the problem for one no start request could have used. Checked
     * only once the lookup found nothing: the engine itself may create instances outside the rules (a
     * sub-orchestration's {@code <parent>:<n>} can pass 256 characters), and those stay reachable.
     */
    private static RepriseException notFound(String instanceId) {
        try {
            InstanceIds.validate(instanceId);
        } catch (InvalidRequestException malformed) {
            return malformed;
        }
        return new OrchestrationNotFoundException(instanceId);
    }

    /**
     * Refuses a body declared as anything but JSON with 415: the usual cause is {@code curl -d} without
     * {@code -H 'Content-Type: application/json'}, which sends {@code application/x-www-form-urlencoded}. A body
     * without a {@code Content-Type} (or with the meaningless {@code *}{@code /*}), and a request without a body,
     * are fine.
     */
    private static void requireJsonBody(String contentType, String body) {
        if (body == null || body.isEmpty() || contentType == null) {
            return;
        }
        String declared = contentType.split(";", 2)[0].trim();
        if (declared.isEmpty() || declared.equals("*/*") || isJson(declared)) {
            return;
        }
        String hint = declared.equalsIgnoreCase("application/x-www-form-urlencoded")
                ? " That is what curl -d sends unless told otherwise: add -H 'Content-Type: application/json'."
                : "";
        throw new UnsupportedMediaTypeException("Send the body as application/json (or text/json, "
                + "application/*+json); it was declared as '" + declared + "'." + hint);
    }

    /** {@code application/json}, {@code text/json} or {@code application/*+json}, with any parameters. */
    private static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.equals("text/json")
                || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private JsonNode parseJson(String body, String what) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return strictReader.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("The " + what + " is not valid JSON: " + e.getOriginalMessage()
                    + ". Send a JSON value, e.g. {\"city\":\"Tokyo\"} or \"text\" (with the quotes).");
        }
    }

    private static boolean flag(String value, String name, boolean defaultValue) {
        if (value == null) {
            return defaultValue;
        }
        if (value.isEmpty() || value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new InvalidRequestException(name + " must be true or false, was '" + value + "'");
    }

    private static List<OrchestrationRuntimeStatus> statuses(String csv) {
        List<OrchestrationRuntimeStatus> out = new ArrayList<>();
        if (csv == null || csv.isBlank()) {
            return out;
        }
        for (String part : csv.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                out.add(OrchestrationRuntimeStatus.parse(part));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("runtimeStatus: " + e.getMessage());
            }
        }
        return out;
    }

    private static Instant time(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException notInstant) {
                try {
                    return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw new InvalidRequestException(name + " must be an ISO-8601 time such as "
                            + "2026-01-31T12:00:00Z or a date such as 2026-01-31, was '" + value + "'");
                }
            }
        }
    }

    private static int pageSize(String top) {
        if (top == null || top.isBlank()) {
            return InstanceQuery.DEFAULT_PAGE_SIZE;
        }
        try {
            return Integer.parseInt(top.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("top must be a whole number from 1 to " + InstanceQuery.MAX_PAGE_SIZE
                    + ", was '" + top + "'");
        }
    }
}
