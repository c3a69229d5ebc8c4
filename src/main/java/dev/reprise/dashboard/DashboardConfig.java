package dev.reprise.dashboard;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The {@code reprise.dashboard.*} settings. Who may use the dashboard follows {@code reprise.http.api-key}: without
 * a key it is open, as the management API is; with one, a sign-in with that key is required.
 */
@ConfigMapping(prefix = "reprise.dashboard")
public interface DashboardConfig {

    /** Serve the dashboard under {@code /dashboard}; {@code false} answers 404 there. */
    @WithDefault("true")
    boolean enabled();

    /** How long a sign-in lasts before the key is asked for again. */
    @WithDefault("12h")
    Duration sessionDuration();

    /**
     * How often a page showing instances that are still Pending or Running, or entities with operations waiting,
     * reloads them (and the engine page its figures). Pages of finished instances and idle entities do not refresh.
     */
    @WithDefault("2s")
    Duration refreshInterval();
}
