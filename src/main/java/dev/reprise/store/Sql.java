package dev.reprise.store;

import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Conversions between engine time ({@link Instant}) and PostgreSQL {@code timestamptz}, and shared SQL fragments. */
final class Sql {

    /**
     * A condition that is always true and makes the statement's own implicit transaction commit without waiting for
     * its WAL to reach disk ({@code synchronous_commit = off} for that transaction only). Only for writes whose loss
     * in a database crash is harmless, such as leases: the WAL is written in order, so any later durable commit
     * flushes them too. Durable steps never use it.
     */
    static final String ASYNC_COMMIT = "(SELECT set_config('synchronous_commit', 'off', true)) IS NOT NULL";

    private Sql() {
    }

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime t = row.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }
}
