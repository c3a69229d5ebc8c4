package dev.reprise.engine;

import dev.reprise.store.QueueMaintenance;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

/** The store vacuums its queue tables itself only when the database's autovacuum is off, one replica at a time. */
@QuarkusTest
class QueueMaintenanceTest {

    private static final Duration AWAIT = Duration.ofSeconds(60);
    private static final long LOCK_KEY = 0x7265_7072_6973_6576L;

    @Inject
    QueueMaintenance maintenance;

    @Inject
    Pool pool;

    private boolean autovacuumOn() {
        return pool.query("SELECT current_setting('autovacuum')::boolean AS on").execute().await().atMost(AWAIT)
                .iterator().next().getBoolean("on");
    }

    private OffsetDateTime lastVacuumOfInbox() {
        return pool.query("SELECT last_vacuum FROM pg_stat_user_tables WHERE relname = 'reprise_inbox'").execute()
                .await().atMost(AWAIT).iterator().next().getOffsetDateTime("last_vacuum");
    }

    @Test
    void vacuumIfNeeded_vacuumsExactlyWhenAutovacuumIsOff() {
        OffsetDateTime before = lastVacuumOfInbox();

        boolean vacuumed = maintenance.vacuumIfNeeded().await().atMost(AWAIT);

        assertThat(vacuumed).isEqualTo(!autovacuumOn());
        if (vacuumed) {
            assertThat(lastVacuumOfInbox()).isNotNull().isNotEqualTo(before);
        }
    }

    @Test
    void vacuumIfNeeded_anotherReplicaVacuuming_skips() {
        SqlConnection other = pool.getConnection().await().atMost(AWAIT);
        try {
            other.preparedQuery("SELECT pg_advisory_lock($1)").execute(Tuple.of(LOCK_KEY)).await().atMost(AWAIT);

            assertThat(maintenance.vacuumIfNeeded().await().atMost(AWAIT)).isFalse();
        } finally {
            other.preparedQuery("SELECT pg_advisory_unlock($1)").execute(Tuple.of(LOCK_KEY)).await().atMost(AWAIT);
            other.close().await().atMost(AWAIT);
        }
    }
}
