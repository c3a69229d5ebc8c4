package dev.reprise.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Vacuums the store's queue tables when the database's autovacuum is off. Every step and activity result deletes rows
 * (consumed messages, finished work items), and claims walk the indexes over them: without vacuum, dead rows pile up
 * and each claim gets slower, without bound. With autovacuum on (PostgreSQL's default), this does nothing.
 */
@ApplicationScoped
public class QueueMaintenance {

    private static final Logger LOG = Logger.getLogger(QueueMaintenance.class);

    // Any fixed key: only one replica vacuums at a time.
    private static final long LOCK_KEY = 0x7265_7072_6973_6576L;

    private static final String AUTOVACUUM = """
            SELECT current_setting('autovacuum')::boolean AS on""";

    private static final String TRY_LOCK = """
            SELECT pg_try_advisory_lock($1) AS locked""";

    private static final String UNLOCK = """
            SELECT pg_advisory_unlock($1)""";

    // No parameters: VACUUM takes none and cannot run in a transaction, so it goes as a simple query.
    private static final String VACUUM = """
            VACUUM (ANALYZE) reprise_inbox, reprise_work_items, reprise_instances, reprise_history""";

    private final Pool pool;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean warned;

    QueueMaintenance(Pool pool) {
        this.pool = pool;
    }

    /**
     * Vacuums if autovacuum is off and no other replica is vacuuming. Emits {@code true} when it vacuumed; never
     * fails (a failure is logged and retried at the next interval).
     */
    public Uni<Boolean> vacuumIfNeeded() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().item(false);
        }
        return pool.query(AUTOVACUUM).execute()
                .map(rows -> rows.iterator().next().getBoolean("on"))
                .chain(autovacuum -> {
                    if (autovacuum) {
                        return Uni.createFrom().item(false);
                    }
                    if (!warned) {
                        warned = true;
                        LOG.warn("PostgreSQL's autovacuum is off: Reprise vacuums its queue tables itself every "
                                + "reprise.maintenance.vacuum-interval. Turn autovacuum on (the default) to leave "
                                + "it to the database.");
                    }
                    return pool.withConnection(this::vacuumLocked);
                })
                .onFailure().invoke(e -> LOG.debugf("Vacuuming the queue tables failed: %s", e))
                .onFailure().recoverWithItem(false)
                .eventually(() -> running.set(false));
    }

    private Uni<Boolean> vacuumLocked(SqlConnection connection) {
        return connection.preparedQuery(TRY_LOCK).execute(Tuple.of(LOCK_KEY))
                .map(rows -> rows.iterator().next().getBoolean("locked"))
                .chain(locked -> !locked ? Uni.createFrom().item(false)
                        : connection.query(VACUUM).execute().replaceWith(true)
                        .eventually(() -> connection.preparedQuery(UNLOCK).execute(Tuple.of(LOCK_KEY))));
    }
}
