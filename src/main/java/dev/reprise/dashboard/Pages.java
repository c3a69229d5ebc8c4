package dev.reprise.dashboard;

import dev.reprise.api.DurableClient;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;

/** Builds the {@link Page} of each answer: the layout's data, the CSRF token {@link DashboardAccess} issued. */
@ApplicationScoped
class Pages {

    private final Paths paths;
    private final SignInKeys keys;
    private final String taskHub;
    private final String refreshSeconds;

    Pages(Paths paths, SignInKeys keys, DurableClient client, DashboardConfig config) {
        this.paths = paths;
        this.keys = keys;
        this.taskHub = client.getTaskHubName();
        this.refreshSeconds = String.format(Locale.ROOT, "%.1f",
                Math.max(0.5, config.refreshInterval().toMillis() / 1000.0));
    }

    Page page(RoutingContext rc, Section section, String title) {
        String csrf = rc.get(DashboardAccess.CSRF_TOKEN);
        return new Page(title, paths.base(), csrf == null ? "" : csrf, taskHub, Page.nav(section), keys.required(),
                refreshSeconds);
    }

    /** Whether the request came from htmx for the element {@code id} (then only that fragment is answered). */
    static boolean wants(String hxTarget, String id) {
        return id.equals(hxTarget);
    }

    String base() {
        return paths.base();
    }
}
