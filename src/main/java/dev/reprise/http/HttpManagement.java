package dev.reprise.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.api.DurableClient;
import dev.reprise.api.OrchestrationMetadata;
import dev.reprise.api.OrchestrationRuntimeStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP side of an instance: its management URLs and the check-status response, as Durable Functions'
 * {@code CreateHttpManagementPayload}, {@code CreateCheckStatusResponse} and
 * {@code WaitForCompletionOrCreateCheckStatusResponseAsync}. Inject it in your own JAX-RS endpoints that start
 * orchestrations with {@link DurableClient}, to answer as the management API does.
 */
@ApplicationScoped
public class HttpManagement {

    /** Seconds a client should wait before polling a status URL again, sent as {@code Retry-After}. */
    public static final int RETRY_AFTER_SECONDS = 1;

    private final DurableClient client;
    /** {@code taskHub=<hub>&connection=Storage[&code=<API key>]}, URL-encoded, appended to every management URL. */
    private final String commonParameters;

    HttpManagement(HttpConfig config, DurableClient client) {
        this.client = client;
        this.commonParameters = TaskHubFilter.TASK_HUB_PARAMETER + "=" + urlEncode(client.getTaskHubName()) + "&"
                + TaskHubFilter.CONNECTION_PARAMETER + "=" + urlEncode(TaskHubFilter.CONNECTION_NAME)
                + config.apiKey().filter(k -> !k.isEmpty()).map(k -> "&code=" + urlEncode(k)).orElse("");
    }

    /**
     * The management URLs of {@code instanceId}, rooted at {@code baseUri} (the application's base URL, with or
     * without a trailing slash). As Durable Functions' URLs, every one carries {@code taskHub} and {@code connection}
     * (so a client that follows them keeps addressing this task hub) and, when {@code reprise.http.api-key} is set,
     * the key as {@code code}, so a client can follow them as they are.
     */
    public HttpManagementPayload payload(URI baseUri, String instanceId) {
        String base = baseUri.toString();
        String root = (base.endsWith("/") ? base : base + "/") + ApiPaths.ROOT.substring(1) + "/instances/"
                + urlEncode(instanceId);
        return new HttpManagementPayload(instanceId, withParameters(root),
                withParameters(root + "/raiseEvent/{eventName}"), withParameters(root + "/terminate?reason={text}"),
                withParameters(root + "/rewind?reason={text}"), withParameters(root), withParameters(root + "/restart"),
                withParameters(root + "/suspend?reason={text}"), withParameters(root + "/resume?reason={text}"));
    }

    /**
     * A {@code 202 Accepted} with the {@code Location} (the status URL) and {@code Retry-After} headers and the
     * management URLs as body, as {@code CreateCheckStatusResponse}.
     */
    public Response checkStatusResponse(URI baseUri, String instanceId) {
        HttpManagementPayload payload = payload(baseUri, instanceId);
        return Response.accepted(payload)
                .header("Location", payload.statusQueryGetUri())
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }

    /**
     * Waits up to {@code timeout} for the instance to finish, as {@code WaitForCompletionOrCreateCheckStatusResponseAsync}:
     * {@code 200} with the output as body once Completed; {@code 200} with the instance's status (as
     * {@code GET /instances/{id}} answers) once Failed or Terminated; the {@link #checkStatusResponse} otherwise.
     * The store is read at most once per {@code pollingInterval} ({@code null}: {@code reprise.polling-interval});
     * a completion in this process answers at once. Nothing blocks: the wait is timers and callbacks.
     *
     * @param timeout zero reads the instance once
     * @throws dev.reprise.api.OrchestrationNotFoundException (in the {@link Uni}) when no instance has the ID
     */
    public Uni<Response> waitForCompletionOrCheckStatusResponse(URI baseUri, String instanceId, Duration timeout,
                                                                Duration pollingInterval) {
        Uni<OrchestrationMetadata> finished = timeout.isZero()
                ? client.getInstanceMetadata(instanceId, true)
                : client.waitForInstanceCompletion(instanceId, timeout, pollingInterval)
                .onFailure(TimeoutException.class).recoverWithNull();
        return finished.map(m -> {
            if (m == null || !m.isCompleted()) {
                return checkStatusResponse(baseUri, instanceId);
            }
            if (m.getRuntimeStatus() == OrchestrationRuntimeStatus.Completed) {
                String output = m.getSerializedOutput();
                return Response.ok(output == null ? "null" : output, MediaType.APPLICATION_JSON_TYPE).build();
            }
            return statusResponse(baseUri, m, true, null, false);
        });
    }

    /**
     * The status answer of {@code GET /instances/{id}}, as Durable Functions gives it: {@code 202} with
     * {@code Location} and {@code Retry-After} while Pending, Running, ContinuedAsNew or Suspended; {@code 200} once
     * finished, except {@code 500} for a Failed instance when {@code errorOnFailure}
     * ({@code returnInternalServerErrorOnFailure=true}).
     */
    Response statusResponse(URI baseUri, OrchestrationMetadata m, boolean showInput, List<JsonNode> history,
                            boolean errorOnFailure) {
        InstanceStatus body = InstanceStatus.of(m, showInput, history);
        if (!m.isCompleted()) {
            return Response.accepted(body).header("Location", payload(baseUri, m.getInstanceId()).statusQueryGetUri())
                    .header("Retry-After", RETRY_AFTER_SECONDS).build();
        }
        boolean failed = m.getRuntimeStatus() == OrchestrationRuntimeStatus.Failed;
        return Response.status(failed && errorOnFailure ? Response.Status.INTERNAL_SERVER_ERROR : Response.Status.OK)
                .entity(body).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private String withParameters(String url) {
        return url + (url.indexOf('?') < 0 ? "?" : "&") + commonParameters;
    }

    /** Percent-encodes for a path segment or a query value alike ({@code %20}, never {@code +}, for a space). */
    private static String urlEncode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
