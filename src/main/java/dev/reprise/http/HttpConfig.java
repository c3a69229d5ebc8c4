package dev.reprise.http;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/**
 * The {@code reprise.http.*} settings of the management API.
 */
@ConfigMapping(prefix = "reprise.http")
public interface HttpConfig {

    /**
     * The API key. When set, every route under {@code /runtime/webhooks/durabletask} requires it, as Durable Functions
     * does: in the {@code x-functions-key} header or as the {@code code} query parameter; a request without it, or
     * with another value, gets {@code 401}. The management URLs of check-status answers then carry
     * {@code code=<key>}, so a client can follow them as they are. Health ({@code /q/health}) stays open. Unset (the
     * default) or empty: the API is open, for deployments behind a gateway that authenticates.
     */
    Optional<String> apiKey();

    /**
     * A second key that opens only {@code POST /runtime/webhooks/durabletask/tick}, besides the API key. A Knative
     * PingSource can send neither a header nor a Secret's value, so the key it uses travels in its sink URI
     * ({@code ?code=}) and is readable by whoever can read PingSources: with a tick-only key, that reader can wake the
     * service and nothing else. Ignored while no API key is set (the API is open then).
     */
    Optional<String> tickKey();
}
