package dev.reprise.ops;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive PostgreSQL client's metrics: the pool's meters are exported, the per-connection gauges Quarkus
 * registers once per connection under one ID (and so reported only the first connection, with a warning at start)
 * are not, and the LISTEN connection reports under its own client name.
 */
@QuarkusTest
class SqlClientMetricsTest {

    @Test
    void poolMetricsStay_perConnectionGaugesAreDropped() {
        // A fan-out makes the pool open several connections, each of which registers its client metrics.
        String id = OpsHttp.start("FanOutFanIn", "{\"count\":20}");
        assertThat(OpsHttp.awaitFinished(id)).isEqualTo("Completed");
        String scrape = OpsHttp.scrape();

        for (String poolMeter : new String[]{"sql_pool_active", "sql_pool_idle", "sql_pool_queue_size",
                "sql_pool_ratio", "sql_pool_usage_seconds_count", "sql_pool_queue_delay_seconds_count"}) {
            assertThat(OpsHttp.has(scrape, poolMeter)).as(poolMeter).isTrue();
        }
        assertThat(OpsHttp.value(scrape, "sql_pool_completed_total", Map.of())).isPositive();
        assertThat(OpsHttp.value(scrape, "postgresql_completed_total", Map.of("clientName", "<default>")))
                .isPositive();
        assertThat(OpsHttp.value(scrape, "postgresql_completed_total", Map.of("clientName", "reprise-listener")))
                .as("the LISTEN connection, named").isPositive();

        assertThat(OpsHttp.has(scrape, "postgresql_queue_size")).isFalse();
        assertThat(OpsHttp.has(scrape, "postgresql_current")).isFalse();
        assertThat(OpsHttp.samples(scrape)).as("no meters of an unnamed client (they export as m__*)")
                .noneMatch(s -> s.name().startsWith("m__"));
    }
}
