package dev.reprise.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a raw {@code ;} in the path of an API call with a JSON 400. The router reads it as the start of a matrix
 * parameter and drops the rest of the segment, so {@code DELETE /instances/order;v2} would purge instance
 * {@code order}. Instance IDs and event names may hold {@code ;}; sent as {@code %3B} (as the management URLs do)
 * they arrive intact.
 */
@ApplicationScoped
public class SemicolonFilter {

    /** After {@link ApiKeyFilter}, before {@link BodyLimitFilter}. */
    private static final int PRIORITY = 1500;

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String rawPath = rc.request().path();
            if (rawPath == null || rawPath.indexOf(';') < 0 || !ApiPaths.isApi(rc)) {
                rc.next();
                return;
            }
            rc.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end("{\"error\":\"InvalidRequest\",\"message\":\"Percent-encode ';' in the path as %3B: sent as "
                            + "it is, it cuts the instance ID or event name short at the ';'.\"}");
        }, PRIORITY);
    }
}
