package dev.reprise.ops;

import dev.reprise.engine.Eventually;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the LISTEN connection drops (PostgreSQL restarted, or the connection killed), the failure goes through the
 * log, not straight to stderr (the SQL client prints errors of a connection without an exception handler), so JSON
 * logs stay one JSON object per line; and the listener connects again.
 */
@QuarkusTest
class ListenerConnectionLossTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String LISTENER = "SELECT coalesce(max(pid), 0) AS pid FROM pg_stat_activity "
            + "WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()";

    @Inject
    Pool pool;

    @Test
    void droppedListenConnection_isLoggedNotPrinted_andReconnects() throws Exception {
        long before = Eventually.until("the LISTEN connection", this::listener, pid -> pid != 0);
        Logger listenerLog = Logger.getLogger("dev.reprise.dispatch.WakeupListener");
        Level level = listenerLog.getLevel();
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(String.valueOf(record.getMessage()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        listenerLog.setLevel(Level.FINE);
        listenerLog.addHandler(recorder);
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
        try {
            Row killed = pool.query("SELECT pg_terminate_backend(" + before + ") AS done")
                    .execute().await().atMost(TIMEOUT).iterator().next();
            assertThat(killed.getBoolean("done")).isTrue();
            // The old connection's failure reached the listener's own handler, which logs it: the SQL client prints
            // a connection's error only when no handler took it, so once this is logged it can no longer be printed.
            Eventually.until("the dropped connection's failure in the log", () -> logged,
                    l -> l.stream().anyMatch(m -> m.contains("LISTEN connection failed")));
            Eventually.until("a new LISTEN connection", this::listener, pid -> pid != 0 && pid != before);
        } finally {
            System.setErr(original);
            listenerLog.removeHandler(recorder);
            listenerLog.setLevel(level);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("PgException");
    }

    /** The backend PID of the LISTEN connection, or 0 when there is none. */
    private long listener() {
        return pool.query(LISTENER).execute().await().atMost(TIMEOUT).iterator().next().getLong("pid");
    }

    /** Writes to both streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
