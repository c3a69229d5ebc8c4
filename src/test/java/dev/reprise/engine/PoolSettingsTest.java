package dev.reprise.engine;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's connections plan as {@code dev.reprise.store.PoolSettings} says: by key, even on empty tables. */
@QuarkusTest
class PoolSettingsTest {

    private static final Duration AWAIT = Duration.ofSeconds(60);

    @Inject
    Pool pool;

    private Row one(String sql) {
        return pool.query(sql).execute().await().atMost(AWAIT).iterator().next();
    }

    @Test
    void engineConnection_sequentialScansOff() {
        assertThat(one("SHOW enable_seqscan").getString(0)).isEqualTo("off");
    }

    @Test
    void keyLookupOnATableVacuumedEmpty_plansAnIndexScan() {
        String plan = pool.withConnection(c -> c.query("CREATE TEMPORARY TABLE queue (id bigint PRIMARY KEY)")
                        .execute()
                        .chain(() -> c.query("VACUUM queue").execute())
                        .chain(() -> c.query("EXPLAIN SELECT id FROM queue WHERE id = ANY('{1,2,3}'::bigint[])")
                                .execute())
                        .call(() -> c.query("DROP TABLE queue").execute()))
                .await().atMost(AWAIT).iterator().next().getString(0);

        assertThat(plan).as("the plan's top node").startsWith("Index").doesNotContain("Seq Scan");
    }
}
