package dev.reprise.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP side of an instance: its management URLs and the check-status response, as Durable Functions'
 * {@code CreateHttpManagementPayload} and {@code CreateCheckStatusResponse}. Inject it in your own JAX-RS endpoints
 * that start orchestrations with {@link dev.reprise.api.DurableClient}, to answer as the management API does.
 */
@ApplicationScoped
public class HttpManagement {

    /** Seconds a client should wait before polling a status URL again, sent as {@code Retry-After}. */
    public static final int RETRY_AFTER_SECONDS = 1;

    /** {@code code=<API key>}, URL-encoded, for the management URLs; {@code null} when no key is configured. */
    private final String keyParameter;

    HttpManagement(HttpConfig config) {
        this.keyParameter = config.apiKey().filter(k -> !k.isEmpty()).map(k -> "code=" + urlEncode(k)).orElse(null);
    }

    /**
     * The management URLs of {@code instanceId}, rooted at {@code baseUri} (the application's base URL, with or
     * without a trailing slash). When {@code reprise.http.api-key} is set, every URL carries it as the {@code code}
     * query parameter, as Durable Functions' URLs do, so a client can follow them as they are.
     */
    public HttpManagementPayload payload(URI baseUri, String instanceId) {
        String base = baseUri.toString();
        String root = (base.endsWith("/") ? base : base + "/") + ApiPaths.ROOT.substring(1) + "/instances/"
                + urlEncode(instanceId);
        return new HttpManagementPayload(instanceId, withKey(root), withKey(root + "/raiseEvent/{eventName}"),
                withKey(root + "/terminate?reason={text}"), withKey(root), withKey(root + "/restart"),
                withKey(root + "/suspend?reason={text}"), withKey(root + "/resume?reason={text}"));
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

    private String withKey(String url) {
        if (keyParameter == null) {
            return url;
        }
        return url + (url.indexOf('?') < 0 ? "?" : "&") + keyParameter;
    }

    /** Percent-encodes for a path segment or a query value alike ({@code %20}, never {@code +}, for a space). */
    private static String urlEncode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
