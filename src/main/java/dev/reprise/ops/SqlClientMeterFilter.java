package dev.reprise.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Drops the reactive SQL client's per-connection gauges, which Quarkus 3.34 cannot report correctly.
 * <p>
 * Vert.x creates one set of client metrics per pooled PostgreSQL connection, and Quarkus registers each set's
 * {@code postgresql.queue.size} and {@code postgresql.current} gauges under the same ID (only the datasource name
 * in the tags). Micrometer keeps the first connection's gauges, ignores the rest, and warns "This Gauge has been
 * already registered" at start, so those two gauges only ever showed the first connection. Dropping them removes the
 * warning and nothing true: the pool's own meters ({@code sql.pool.active}, {@code .idle}, {@code .queue.size},
 * {@code .queue.delay}, {@code .usage}, {@code .ratio}, ...) and the client's timers and counters
 * ({@code postgresql.processing}, {@code .completed}, {@code .reset}, {@code .queue.delay}), which add up correctly
 * across connections, stay. (Quarkus issue 47504, fixed upstream in a later release.)
 */
@Singleton
public class SqlClientMeterFilter {

    @Produces
    @Singleton
    MeterFilter dropPerConnectionSqlGauges() {
        return MeterFilter.deny(SqlClientMeterFilter::isPerConnectionSqlGauge);
    }

    static boolean isPerConnectionSqlGauge(Meter.Id id) {
        return id.getType() == Meter.Type.GAUGE && "sql".equals(id.getTag("clientType"))
                && (id.getName().endsWith(".queue.size") || id.getName().endsWith(".current"));
    }
}
