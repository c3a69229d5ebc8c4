package dev.reprise.http;

import dev.reprise.api.InstanceAlreadyExistsException;
import dev.reprise.api.InstanceFinishedException;
import dev.reprise.api.InstanceNotFailedException;
import dev.reprise.api.InvalidRequestException;
import dev.reprise.api.OrchestrationNotFoundException;
import dev.reprise.api.RepriseException;
import dev.reprise.api.UnknownFunctionException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns every failure into a JSON {@link ApiError}: 4xx with an actionable message for bad requests, and a 500
 * without internals (logged here with its stack trace) for the engine's own faults.
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    /**
     * A Reprise exception and the answer it gets. (A class, not a record: the native-image check treats every record
     * of this package as a JSON body, and this is none.)
     */
    private static final class Answer {
        final Class<? extends RepriseException> type;
        final Response.Status status;
        final String error;

        Answer(Class<? extends RepriseException> type, Response.Status status, String error) {
            this.type = type;
            this.status = status;
            this.error = error;
        }
    }

    /** Which exception answers what; the first type the exception is an instance of wins. */
    private static final List<Answer> ANSWERS = List.of(
            new Answer(OrchestrationNotFoundException.class, Response.Status.NOT_FOUND, "InstanceNotFound"),
            // 400, not 404: Durable Functions documents an unknown orchestrator as a bad start request.
            new Answer(UnknownFunctionException.class, Response.Status.BAD_REQUEST, "OrchestratorNotFound"),
            new Answer(TaskHubNotFoundException.class, Response.Status.NOT_FOUND, "TaskHubNotFound"),
            new Answer(EntityNotFoundException.class, Response.Status.NOT_FOUND, "EntityNotFound"),
            new Answer(NoMatchingInstancesException.class, Response.Status.NOT_FOUND, "NoMatchingInstances"),
            new Answer(InstanceNotFinishedException.class, Response.Status.PRECONDITION_FAILED,
                    "InstanceNotFinished"),
            new Answer(InstanceAlreadyExistsException.class, Response.Status.CONFLICT, "InstanceAlreadyExists"),
            new Answer(InstanceFinishedException.class, Response.Status.GONE, "InstanceFinished"),
            new Answer(InstanceNotFailedException.class, Response.Status.CONFLICT, "InstanceNotFailed"),
            new Answer(InvalidRequestException.class, Response.Status.BAD_REQUEST, "InvalidRequest"),
            new Answer(UnsupportedMediaTypeException.class, Response.Status.UNSUPPORTED_MEDIA_TYPE,
                    "UnsupportedMediaType"));

    /** A start that names no instance ID: repeated after a failure whose outcome is unknown, it may start twice. */
    private static final Pattern START_WITHOUT_ID = Pattern.compile(".*" + ApiPaths.ROOT + "/orchestrators/[^/]+/?");

    @ServerExceptionMapper
    public Response mapReprise(RepriseException e, HttpServerRequest request) {
        for (Answer answer : ANSWERS) {
            if (answer.type.isInstance(e)) {
                return error(answer.status, answer.error, e.getMessage());
            }
        }
        return internalError(e, request);
    }

    @ServerExceptionMapper
    public Response mapWebApplication(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        String message = switch (status.getStatusCode()) {
            case 404 -> "No such route; the management API lives under " + ApiPaths.ROOT;
            case 405 -> "This route does not accept that HTTP method";
            case 406 -> "This API answers application/json only";
            case 413 -> "The request body is larger than the configured limit (quarkus.http.limits.max-body-size)";
            case 415 -> "Send the body as application/json, e.g. curl -H 'Content-Type: application/json' -d '{}'";
            default -> e.getMessage();
        };
        return error(status, status.getReasonPhrase().replace(" ", ""), message);
    }

    @ServerExceptionMapper
    public Response mapOther(Exception e, HttpServerRequest request) {
        return internalError(e, request);
    }

    /**
     * Every request of the API may be sent again after a 500, except a start without an instance ID: if the first one
     * did commit, a second instance starts. The message says so, and how to make starts safe to repeat.
     */
    private static Response internalError(Exception e, HttpServerRequest request) {
        LOG.error("Request failed", e);
        boolean startWithoutId = request != null && request.method() == HttpMethod.POST
                && START_WITHOUT_ID.matcher(request.path()).matches();
        String retry = startWithoutId
                ? "Before retrying, list the instances (GET " + ApiPaths.ROOT + "/instances) to see whether it "
                + "started; to make a start safe to repeat, give it an instance ID (POST .../orchestrators/{name}/{id})."
                : "Retrying is safe.";
        return error(Response.Status.INTERNAL_SERVER_ERROR, "InternalError", "The request failed inside Reprise; "
                + "the service log has the details. " + retry);
    }

    static Response error(Response.StatusType status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(error, message))
                .build();
    }
}
