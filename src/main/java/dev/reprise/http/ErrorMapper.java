package dev.reprise.http;

import dev.reprise.api.InstanceAlreadyExistsException;
import dev.reprise.api.InstanceFinishedException;
import dev.reprise.api.InvalidRequestException;
import dev.reprise.api.OrchestrationNotFoundException;
import dev.reprise.api.RepriseException;
import dev.reprise.api.UnknownFunctionException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;


/**
 * Turns every failure into a JSON {@link ApiError}: 4xx with an actionable message for bad requests, and a 500
 * without internals (logged here with its stack trace) for the engine's own faults.
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @ServerExceptionMapper
    public Response mapReprise(RepriseException e) {
        if (e instanceof OrchestrationNotFoundException) {
            return error(Response.Status.NOT_FOUND, "InstanceNotFound", e.getMessage());
        }
        if (e instanceof UnknownFunctionException) {
            return error(Response.Status.NOT_FOUND, "OrchestratorNotFound", e.getMessage());
        }
        if (e instanceof InstanceAlreadyExistsException) {
            return error(Response.Status.CONFLICT, "InstanceAlreadyExists", e.getMessage());
        }
        if (e instanceof InstanceFinishedException) {
            return error(Response.Status.GONE, "InstanceFinished", e.getMessage());
        }
        if (e instanceof InvalidRequestException) {
            return error(Response.Status.BAD_REQUEST, "InvalidRequest", e.getMessage());
        }
        LOG.error("Request failed", e);
        return error(Response.Status.INTERNAL_SERVER_ERROR, "InternalError", "The request failed inside Reprise; "
                + "the service log has the details. Retrying is safe.");
    }

    @ServerExceptionMapper
    public Response mapUnsupportedMediaType(UnsupportedMediaTypeException e) {
        return error(Response.Status.UNSUPPORTED_MEDIA_TYPE, "UnsupportedMediaType", e.getMessage());
    }

    @ServerExceptionMapper
    public Response mapWebApplication(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        String message = switch (status.getStatusCode()) {
            case 404 -> "No such route; the management API lives under /runtime/webhooks/durabletask";
            case 405 -> "This route does not accept that HTTP method";
            case 406 -> "This API answers application/json only";
            case 413 -> "The request body is larger than the configured limit (quarkus.http.limits.max-body-size)";
            case 415 -> "Send the body as application/json, e.g. curl -H 'Content-Type: application/json' -d '{}'";
            default -> e.getMessage();
        };
        return error(status, status.getReasonPhrase().replace(" ", ""), message);
    }

    @ServerExceptionMapper
    public Response mapOther(Exception e) {
        LOG.error("Request failed", e);
        return error(Response.Status.INTERNAL_SERVER_ERROR, "InternalError", "The request failed inside Reprise; "
                + "the service log has the details. Retrying is safe.");
    }

    static Response error(Response.StatusType status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(error, message))
                .build();
    }
}
