package dev.reprise.dashboard;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where the dashboard lives ({@code /dashboard} under {@code quarkus.http.root-path}) and how instance and entity IDs
 * travel in its URLs. Pages link relative to a {@code <base href>} of {@link #base()}, so a root path moves every link.
 */
@ApplicationScoped
class Paths {

    /** The dashboard's path below the root path. */
    static final String DASHBOARD = "dashboard";

    private final String base;

    Paths(@ConfigProperty(name = "quarkus.http.root-path", defaultValue = "/") String rootPath) {
        this.base = (rootPath.endsWith("/") ? rootPath : rootPath + "/") + DASHBOARD + "/";
    }

    /** The dashboard's absolute path with a trailing slash, e.g. {@code /dashboard/}. */
    String base() {
        return base;
    }

    /** Whether an absolute request path is the dashboard's (compared without case and with repeated slashes folded). */
    boolean isDashboard(String path) {
        if (path == null) {
            return false;
        }
        String p = path.replaceAll("/{2,}", "/").toLowerCase(Locale.ROOT);
        String root = base.toLowerCase(Locale.ROOT);
        return p.startsWith(root) || p.equals(root.substring(0, root.length() - 1));
    }

    /**
     * The page of an instance, relative to {@link #base()}. The ID travels as a query parameter, not a path segment:
     * IDs may be {@code .} or {@code ..}, which a browser would resolve away in a path even percent-encoded.
     */
    static String instance(String instanceId) {
        return "instance?id=" + URLEncoder.encode(instanceId, StandardCharsets.UTF_8);
    }

    /** The page of an entity, relative to {@link #base()}, by its ID {@code @name@key} (a query parameter too). */
    static String entity(String entityId) {
        return "entity?id=" + URLEncoder.encode(entityId, StandardCharsets.UTF_8);
    }
}
