package dev.reprise.dispatch;

import dev.reprise.config.RepriseConfig;
import dev.reprise.store.Notifications;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * LISTENs for other replicas' NOTIFY hints and wakes the matching dispatcher. The subscriber reconnects on its own;
 * while it is down the polling fallback keeps work moving.
 */
@ApplicationScoped
public class WakeupListener {

    private static final Logger LOG = Logger.getLogger(WakeupListener.class);
    private static final long RECONNECT_DELAY_MS = 1_000;

    private final RepriseConfig config;
    private final Vertx vertx;
    private final Notifications notifications;
    private final Wakeups wakeups;
    private PgSubscriber subscriber;

    WakeupListener(RepriseConfig config, Vertx vertx, Notifications notifications, Wakeups wakeups) {
        this.config = config;
        this.vertx = vertx;
        this.notifications = notifications;
        this.wakeups = wakeups;
    }

    Uni<Void> start() {
        RepriseConfig.Datasource ds = config.datasource();
        PgConnectOptions options = new PgConnectOptions().setHost(ds.host()).setPort(ds.port())
                .setDatabase(ds.database()).setUser(ds.username())
                // Its client metrics then appear as postgresql.* with clientName=reprise-listener, beside the pool's.
                .setMetricsName("postgresql|reprise-listener");
        ds.password().ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempt -> RECONNECT_DELAY_MS);
        subscriber.channel(Notifications.CHANNEL).subscribeHandler(() -> {
            LOG.debug("LISTEN subscribed");
            // Without a handler the SQL client prints a dropped connection's error to stderr, outside the log format.
            subscriber.actualConnection().exceptionHandler(e -> LOG.debugf("LISTEN connection failed (%s); "
                    + "reconnecting", e.getMessage()));
        }).handler(payload -> {
            String kind = notifications.kindOf(payload);
            if (Notifications.ORCHESTRATIONS.equals(kind)) {
                wakeups.orchestrations();
            } else if (Notifications.ACTIVITIES.equals(kind)) {
                wakeups.activities();
            } else if (Notifications.ENTITIES.equals(kind)) {
                wakeups.entities();
            }
        });
        return subscriber.connect()
                .onFailure().invoke(e -> LOG.warnf("Cannot LISTEN for wake-ups (%s); polling every %s instead",
                        e.getMessage(), config.pollingInterval()))
                .onFailure().recoverWithNull();
    }

    void stop() {
        if (subscriber != null) {
            subscriber.closeAndAwait();
        }
    }
}
