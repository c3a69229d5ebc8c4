package dev.reprise.store;

import dev.reprise.config.RepriseConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

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
    public static final String ENTITIES = "e";

    private static final String NOTIFY = "SELECT pg_notify($1, $2)";

    /** Shortest time between two hints of the same kind from this process. */
    static final long HINT_INTERVAL_NANOS = 50_000_000L;

    private final String taskHub;
    private final AtomicLong lastOrchestrationHint = new AtomicLong(System.nanoTime() - HINT_INTERVAL_NANOS);
    private final AtomicLong lastActivityHint = new AtomicLong(System.nanoTime() - HINT_INTERVAL_NANOS);
    private final AtomicLong lastEntityHint = new AtomicLong(System.nanoTime() - HINT_INTERVAL_NANOS);
    /** Tells this process's own hints apart: it has already woken its dispatchers locally when it sent them. */
    private final String sender = java.util.UUID.randomUUID().toString();

    Notifications(RepriseConfig config) {
        this.taskHub = config.taskHub();
    }

    /**
     * Queues a hint that is delivered when the surrounding transaction commits, unless this process sent one of the
     * same kind less than {@link #HINT_INTERVAL_NANOS} ago (see {@link #due}).
     */
    public Uni<Void> notify(SqlClient client, String kind) {
        if (!due(kind)) {
            return Uni.createFrom().voidItem();
        }
        return notifyNow(client, kind);
    }

    /** Queues a hint whatever the rate, for the rare moments other replicas must act at once (a shutdown hand-off). */
    public Uni<Void> notifyNow(SqlClient client, String kind) {
        return client.preparedQuery(NOTIFY).execute(Tuple.of(CHANNEL, payload(kind))).replaceWithVoid();
    }

    /**
     * Whether a hint of {@code kind} should go with the commit being prepared; at most one per kind every
     * {@link #HINT_INTERVAL_NANOS}. A NOTIFY takes a database-wide lock until its transaction's commit is flushed, so
     * one per commit serializes every commit of every replica; and this process never needs its own hints (it wakes
     * its dispatchers locally). Other replicas get a hint at least that often while work keeps coming, and keep
     * claiming while their batches come back full. Measured with {@link System#nanoTime()}: a rate, not a time of
     * the workflow, so the injected clock does not drive it.
     */
    public boolean due(String kind) {
        AtomicLong last = ORCHESTRATIONS.equals(kind) ? lastOrchestrationHint
                : ENTITIES.equals(kind) ? lastEntityHint : lastActivityHint;
        long now = System.nanoTime();
        long previous = last.get();
        return now - previous >= HINT_INTERVAL_NANOS && last.compareAndSet(previous, now);
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
        for (String kind : new String[]{ORCHESTRATIONS, ACTIVITIES, ENTITIES}) {
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
