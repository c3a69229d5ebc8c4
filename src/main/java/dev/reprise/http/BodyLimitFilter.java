package dev.reprise.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request whose declared body is over {@code quarkus.http.limits.max-body-size} with a JSON 413, before
 * anything is read, so the answer has the same shape as every other error. (A chunked body over the limit is still
 * cut off by Vert.x itself.)
 */
@ApplicationScoped
public class BodyLimitFilter {

    /** Runs before the body is read and before any route. */
    private static final int PRIORITY = 1000;

    private final long maxBodyBytes;

    BodyLimitFilter(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String declared = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared != null && isOver(declared)) {
                rc.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end("{\"error\":\"PayloadTooLarge\",\"message\":\"The request body is " + declared
                                + " bytes; the limit is " + maxBodyBytes + " bytes (quarkus.http.limits.max-body-size)."
                                + " Keep large data outside the orchestration and pass a reference.\"}");
                return;
            }
            rc.next();
        }, PRIORITY);
    }

    private boolean isOver(String declared) {
        try {
            return Long.parseLong(declared.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false; // Vert.x rejects a malformed Content-Length itself
        }
    }
}
