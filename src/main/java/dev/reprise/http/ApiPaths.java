package dev.reprise.http;

import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/** Which requests the route filters treat as calls of the management API. */
final class ApiPaths {

    /** Matched anywhere in the path, so a configured root path ({@code quarkus.http.root-path}) is covered too. */
    private static final String API = "/runtime/webhooks/durabletask";

    private ApiPaths() {
    }

    /**
     * Whether the path is under the API root. The normalised path has its dot segments resolved; repeated slashes are
     * collapsed here and case is ignored, so no spelling the router would still send to the API is missed.
     */
    static boolean isApi(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (path == null) {
            path = rc.request().path();
        }
        return path != null && path.replaceAll("/{2,}", "/").toLowerCase(Locale.ROOT).contains(API);
    }
}
