package dev.reprise.store;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.core.Future;
import io.vertx.sqlclient.ClientBuilder;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the reactive pool with the prepared-statement cache the engine's statements need, and the planner setting
 * that keeps those statements fast.
 * <ul>
 * <li>The step, start and claim statements are long (one data-modifying CTE each, several kilobytes of SQL), over the
 * client's default limit of 2 KiB for a cached statement: uncached, every commit would parse and plan its statement
 * again, which cost more than executing it (about 1.5 ms against 0.4 ms per step, measured with
 * {@code log_min_duration_statement}).</li>
 * <li>A cached statement keeps the plan PostgreSQL made when it was first run on the connection, and a plan made
 * while the queue tables were empty (a fresh task hub, or one just vacuumed after going idle, as before a scale-up
 * from zero) scans them sequentially, however much they hold later, until the next {@code ANALYZE}. Every engine
 * statement finds its rows by key, so sequential scans are turned off for the connection
 * ({@code enable_seqscan = off}, which still allows one where no index applies): measured on W1 after a
 * {@code VACUUM ANALYZE} of empty tables, 2,900 against 4,600 events/s, and the plan no longer depends on when the
 * connection first ran the statement.</li>
 * </ul>
 * Everything else is as Quarkus configures it ({@code quarkus.datasource.reactive.*}).
 */
@Singleton
public class PoolSettings implements PgPoolCreator {

    /** Longest SQL text kept prepared per connection, in characters. */
    static final int PREPARED_STATEMENT_SQL_LIMIT = 32 * 1024;

    @Override
    public Pool create(Input input) {
        List<PgConnectOptions> servers = input.pgConnectOptionsList();
        for (PgConnectOptions options : servers) {
            options.setCachePreparedStatements(true).setPreparedStatementCacheSqlLimit(PREPARED_STATEMENT_SQL_LIMIT)
                    .addProperty("enable_seqscan", "off");
        }
        ClientBuilder<Pool> pool = PgBuilder.pool().with(input.poolOptions()).using(input.vertx());
        if (servers.size() == 1) {
            pool.connectingTo(servers.get(0));
        } else {
            // Several hosts in the URL: new connections go to each in turn, as Quarkus does it.
            AtomicInteger next = new AtomicInteger();
            pool.connectingTo(() -> Future.succeededFuture(servers.get(Math.floorMod(next.getAndIncrement(),
                    servers.size()))));
        }
        return pool.build();
    }
}
