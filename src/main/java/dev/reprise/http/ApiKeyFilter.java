package dev.reprise.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Requires {@code reprise.http.api-key} (see {@link HttpConfig#apiKey()}) on every route under
 * {@code /runtime/webhooks/durabletask}: in the {@code x-functions-key} header or the {@code code} query parameter,
 * as Durable Functions accepts it. Anything else answers a JSON 401 before the request is routed or its body read.
 * Other paths (health, the application's own endpoints) are not affected. The tick also accepts
 * {@link HttpConfig#tickKey()}, a key good for nothing else.
 */
@ApplicationScoped
public class ApiKeyFilter {

    /** Header that carries the key, as in Azure Functions. */
    public static final String KEY_HEADER = "x-functions-key";
    /** Query parameter that carries the key, as in Azure Functions. */
    public static final String KEY_PARAMETER = "code";
    /** Before {@link BodyLimitFilter}: an unauthenticated caller learns nothing, not even the body limit. */
    private static final int PRIORITY = 2000;

    /** SHA-256 of the key, or {@code null} when no key is configured. */
    private final byte[] keyDigest;
    /** SHA-256 of the tick-only key, or {@code null}. */
    private final byte[] tickKeyDigest;

    ApiKeyFilter(HttpConfig config) {
        this.keyDigest = config.apiKey().filter(k -> !k.isEmpty()).map(ApiKeyFilter::sha256).orElse(null);
        this.tickKeyDigest = config.tickKey().filter(k -> !k.isEmpty()).map(ApiKeyFilter::sha256).orElse(null);
    }

    void register(@Observes Filters filters) {
        if (keyDigest == null) {
            return;
        }
        filters.register(rc -> {
            if (!ApiPaths.isApi(rc) || presentsKey(rc, keyDigest)
                    || (tickKeyDigest != null && isTick(rc) && presentsKey(rc, tickKeyDigest))) {
                rc.next();
                return;
            }
            boolean sent = rc.request().getHeader(KEY_HEADER) != null || !codes(rc).isEmpty();
            rc.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end("{\"error\":\"Unauthorized\",\"message\":\"" + (sent ? "The API key is not valid."
                            : "This API requires a key.") + " Send it in the " + KEY_HEADER + " header or as the "
                            + KEY_PARAMETER + " query parameter, e.g. ?" + KEY_PARAMETER + "=<key>.\"}");
        }, PRIORITY);
    }

    /** The request is the tick itself (exact path, POST), not anything beneath or beside it. */
    private static boolean isTick(RoutingContext rc) {
        return rc.request().method() == HttpMethod.POST && ApiPaths.TICK.equals(rc.normalizedPath());
    }

    private static boolean presentsKey(RoutingContext rc, byte[] expected) {
        List<String> candidates = new ArrayList<>(rc.request().headers().getAll(KEY_HEADER));
        candidates.addAll(codes(rc));
        boolean match = false;
        for (String candidate : candidates) {
            // Digests have a fixed length, so the comparison time reveals neither the key's length nor its content.
            match |= MessageDigest.isEqual(sha256(candidate), expected);
        }
        return match;
    }

    private static List<String> codes(RoutingContext rc) {
        try {
            return rc.queryParam(KEY_PARAMETER);
        } catch (RuntimeException malformedQuery) {
            return List.of();
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
