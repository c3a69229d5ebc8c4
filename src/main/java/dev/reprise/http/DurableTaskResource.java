package dev.reprise.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.api.DurableClient;
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

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Durable Functions HTTP management API: start instances, query them, raise events, terminate, suspend, resume,
 * restart and purge. Every answer is JSON; every error is an {@link ApiError}.
 * <p>
 * Request bodies are JSON: one sent with another declared type answers 415 rather than being guessed at (a body
 * without a {@code Content-Type} is read as JSON).
 * <p>
 * An instance ID no start request could have used (see {@link InstanceIds}) answers 400 instead of 404 when nothing
 * has it.
 */
@Path("/runtime/webhooks/durabletask")
@Produces(MediaType.APPLICATION_JSON)
public class DurableTaskResource {

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
    public Uni<TickService.TickReport> tick() {
        return tick.tick();
    }

    @POST
    @Path("/orchestrators/{name}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> start(@PathParam("name") String name, @HeaderParam(CONTENT_TYPE) String contentType,
                               String body, @Context UriInfo uri) {
        return startWithId(name, null, contentType, body, uri);
    }

    @POST
    @Path("/orchestrators/{name}/{instanceId}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> startWithId(@PathParam("name") String name, @PathParam("instanceId") String instanceId,
                                     @HeaderParam(CONTENT_TYPE) String contentType, String body,
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
    public Uni<Response> status(@PathParam("instanceId") String instanceId,
                                @QueryParam("showHistory") String showHistory,
                                @QueryParam("showHistoryOutput") String showHistoryOutput,
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
    public Uni<Response> query(@QueryParam("runtimeStatus") String runtimeStatus,
                               @QueryParam("createdTimeFrom") String createdTimeFrom,
                               @QueryParam("createdTimeTo") String createdTimeTo,
                               @QueryParam("instanceIdPrefix") String instanceIdPrefix,
                               @QueryParam("top") String top, @QueryParam("showInput") String showInput,
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
    public Uni<Response> raiseEvent(@PathParam("instanceId") String instanceId,
                                    @PathParam("eventName") String eventName,
                                    @HeaderParam(CONTENT_TYPE) String contentType, String body) {
        return Uni.createFrom().deferred(() -> {
            requireJsonBody(contentType, body);
            JsonNode data = parseJson(body, "event data");
            return accepted(instanceId, client.raiseEvent(instanceId, eventName, data));
        });
    }

    @POST
    @Path("/instances/{instanceId}/terminate")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> terminate(@PathParam("instanceId") String instanceId, @QueryParam("reason") String reason) {
        return accepted(instanceId, client.terminate(instanceId, reason));
    }

    @POST
    @Path("/instances/{instanceId}/suspend")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> suspend(@PathParam("instanceId") String instanceId, @QueryParam("reason") String reason) {
        return accepted(instanceId, client.suspend(instanceId, reason));
    }

    @POST
    @Path("/instances/{instanceId}/resume")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> resume(@PathParam("instanceId") String instanceId, @QueryParam("reason") String reason) {
        return accepted(instanceId, client.resume(instanceId, reason));
    }

    /** Starts the same orchestration again with the same input, as Durable Functions' restart. */
    @POST
    @Path("/instances/{instanceId}/restart")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> restart(@PathParam("instanceId") String instanceId,
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
    public Uni<Response> purge(@PathParam("instanceId") String instanceId) {
        return client.purgeInstance(instanceId).map(n -> Response.ok(Map.of("instancesDeleted", n)).build())
                .onFailure(OrchestrationNotFoundException.class).transform(e -> notFound(instanceId));
    }

    @DELETE
    @Path("/instances")
    public Uni<Response> purgeMany(@QueryParam("createdTimeFrom") String createdTimeFrom,
                                   @QueryParam("createdTimeTo") String createdTimeTo,
                                   @QueryParam("runtimeStatus") String runtimeStatus) {
        return Uni.createFrom().deferred(() -> {
            Instant from = time(createdTimeFrom, "createdTimeFrom");
            if (from == null) {
                throw new InvalidRequestException("createdTimeFrom is required to purge instances by filter, e.g. "
                        + "?createdTimeFrom=2026-01-01T00:00:00Z");
            }
            return client.purgeInstances(from, time(createdTimeTo, "createdTimeTo"), statuses(runtimeStatus))
                    .map(n -> Response.ok(Map.of("instancesDeleted", n)).build());
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
