package dev.reprise.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.api.HistoryEvent;
import dev.reprise.json.JacksonPayloadConverter;
import dev.reprise.replay.ReplayEngine;
import dev.reprise.replay.ReplaySession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** Which kept sessions a claim may use: only those still in step with the store. */
class SessionCacheTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final ReplayEngine engine = new ReplayEngine(new JacksonPayloadConverter(new ObjectMapper()));
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private ReplaySession waiting(String instanceId) {
        return ReplaySession.start(engine, ctx -> ctx.callActivity("Slow", null, String.class).await(), List.of(),
                List.of(new HistoryEvent.OrchestratorStarted(T0), new HistoryEvent.ExecutionStarted(T0, "Wait",
                        instanceId, "exec-1", null, null, -1)), threads);
    }

    @Test
    void take_sameExecutionAndHistorySize_returnsTheSession() {
        SessionCache cache = new SessionCache(8, 0);
        ReplaySession session = waiting("a");
        cache.put("a", new SessionCache.Entry(session, "exec-1", 100));

        SessionCache.Entry taken = cache.take("a", "exec-1", session.historySize());

        assertThat(taken).isNotNull();
        assertThat(taken.session()).isSameAs(session);
        assertThat(cache.size()).as("taken out while its step runs").isZero();
    }

    @Test
    void take_storeHistoryMovedOn_closesTheSessionAndReturnsNothing() {
        SessionCache cache = new SessionCache(8, 0);
        ReplaySession session = waiting("a");
        cache.put("a", new SessionCache.Entry(session, "exec-1", 100));

        // another replica committed a step: the store has more events than the session saw
        assertThat(cache.take("a", "exec-1", session.historySize() + 4)).isNull();

        assertThat(session.isOpen()).isFalse();
    }

    @Test
    void take_otherExecution_closesTheSessionAndReturnsNothing() {
        SessionCache cache = new SessionCache(8, 0);
        ReplaySession session = waiting("a");
        cache.put("a", new SessionCache.Entry(session, "exec-1", 100));

        assertThat(cache.take("a", "exec-2", session.historySize())).isNull();

        assertThat(session.isOpen()).isFalse();
    }

    @Test
    void put_beyondCapacity_closesTheLeastRecentlyUsed() {
        SessionCache cache = new SessionCache(2, 0);
        ReplaySession a = waiting("a");
        ReplaySession b = waiting("b");
        ReplaySession c = waiting("c");
        cache.put("a", new SessionCache.Entry(a, "exec-1", 1));
        cache.put("b", new SessionCache.Entry(b, "exec-1", 1));

        cache.put("c", new SessionCache.Entry(c, "exec-1", 1));

        assertThat(a.isOpen()).isFalse();
        assertThat(b.isOpen()).isTrue();
        assertThat(c.isOpen()).isTrue();
        assertThat(cache.size()).isEqualTo(2);
        cache.clear();
        assertThat(b.isOpen()).isFalse();
        assertThat(c.isOpen()).isFalse();
    }

    @Test
    void worthKeeping_belowTheMinimumHistoryOrWhenOff_isFalse() {
        assertThat(new SessionCache(8, 40).worthKeeping(39)).isFalse();
        assertThat(new SessionCache(8, 40).worthKeeping(40)).isTrue();
        assertThat(new SessionCache(0, 0).worthKeeping(1000)).isFalse();
    }
}
