package dev.reprise.http;

import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/** Which requests the route filters treat as calls of the management API. */
final class ApiPaths {

    /** Where the Durable Functions management API lives, as in Azure Functions. */
    static final String ROOT = "/runtime/webhooks/durabletask";
    /** The scale-to-zero wake-up route. */
    static final String TICK = ROOT + "/tick";

    private ApiPaths() {
    }

    /**
     * Whether the path is under the API root, matched anywhere in the path so that a configured root path
     * ({@code quarkus.http.root-path}) is covered too. The normalised path has its dot segments resolved; repeated slashes are
     * collapsed here and case is ignored, so no spelling the router would still send to the API is missed.
     */
    static boolean isApi(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (path == null) {
            path = rc.request().path();
        }
        return path != null && path.replaceAll("/{2,}", "/").toLowerCase(Locale.ROOT).contains(ROOT);
    }
}
