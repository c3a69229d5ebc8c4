package dev.reprise.store;

import dev.reprise.config.RepriseConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * LISTEN/NOTIFY wake-up hints between replicas. A hint only shortens the wait; the polling fallback finds the work
 * anyway, so a lost notification delays work but never loses it.
 */
@ApplicationScoped
public class Notifications {

    /** The channel every replica listens on; payloads name the task hub and the kind of work. */
    public static final String CHANNEL = "reprise_work";
    public static final String ORCHESTRATIONS = "o";
    public static final String ACTIVITIES = "a";

    private static final String NOTIFY = "SELECT pg_notify($1, $2)";

    private final String taskHub;

    Notifications(RepriseConfig config) {
        this.taskHub = config.taskHub();
    }

    /** Queues a hint that is delivered when the surrounding transaction commits. */
    public Uni<Void> notify(SqlClient client, String kind) {
        return client.preparedQuery(NOTIFY).execute(Tuple.of(CHANNEL, payload(kind))).replaceWithVoid();
    }

    /** The payload this replica sends and accepts for {@code kind}. */
    public String payload(String kind) {
        return taskHub + ":" + kind;
    }
}
