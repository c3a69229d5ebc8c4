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
    /** Tells this process's own hints apart: it has already woken its dispatchers locally when it sent them. */
    private final String sender = java.util.UUID.randomUUID().toString();

    Notifications(RepriseConfig config) {
        this.taskHub = config.taskHub();
    }

    /** Queues a hint that is delivered when the surrounding transaction commits. */
    public Uni<Void> notify(SqlClient client, String kind) {
        return client.preparedQuery(NOTIFY).execute(Tuple.of(CHANNEL, payload(kind))).replaceWithVoid();
    }

    /** The payload this replica sends for {@code kind}: {@code <task hub>:<kind>:<sender>}. */
    public String payload(String kind) {
        return taskHub + ":" + kind + ":" + sender;
    }

    /**
     * The kind of work a received hint announces, or {@code null} when it is for another task hub or was sent by this
     * process (whose dispatchers were woken locally already). A hint without a sender is accepted.
     */
    public String kindOf(String payload) {
        for (String kind : new String[]{ORCHESTRATIONS, ACTIVITIES}) {
            String prefix = taskHub + ":" + kind;
            if (payload.equals(prefix)) {
                return kind;
            }
            if (payload.startsWith(prefix + ":")) {
                return payload.substring(prefix.length() + 1).equals(sender) ? null : kind;
            }
        }
        return null;
    }
}
