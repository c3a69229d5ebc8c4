package dev.reprise.dispatch;

import dev.reprise.config.RepriseConfig;
import dev.reprise.replay.ReplaySession;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The orchestrations this process keeps in memory between steps (extended sessions), least recently used first out.
 * A session is taken out while its step runs and put back after the step committed; whoever finds it stale (another
 * replica moved the instance on) closes it. Each session holds one parked thread from {@link #threads()}.
 */
@Singleton
public class SessionCache {

    /** A kept session and what it must agree with to be used again. */
    record Entry(ReplaySession session, String executionId, long payloadBytes) {
    }

    private final int capacity;
    private final int minHistory;
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final ExecutorService threads;

    @Inject
    SessionCache(RepriseConfig config) {
        this(config.orchestrations().sessions(), config.orchestrations().sessionMinHistory());
    }

    SessionCache(int capacity, int minHistory) {
        this.capacity = capacity;
        this.minHistory = minHistory;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "reprise-session-" + count.incrementAndGet());
            t.setDaemon(true); // parked orchestrator code must never keep the process alive
            return t;
        });
    }

    ExecutorService threads() {
        return threads;
    }

    /** Whether a step over a history of {@code historySize} events should start a session. */
    boolean worthKeeping(int historySize) {
        return capacity > 0 && historySize >= minHistory;
    }

    /**
     * Takes the session of {@code instanceId} out if it is still in step with the store: same execution, same number
     * of history events. A stale one is closed.
     */
    Entry take(String instanceId, String executionId, int historySize) {
        Entry entry;
        synchronized (entries) {
            entry = entries.remove(instanceId);
        }
        if (entry == null) {
            return null;
        }
        if (entry.executionId().equals(executionId) && entry.session().historySize() == historySize
                && entry.session().isOpen()) {
            return entry;
        }
        entry.session().close();
        return null;
    }

    /** Keeps an open session after its step committed; evicts (closes) the least recently used beyond capacity. */
    void put(String instanceId, Entry entry) {
        if (!entry.session().isOpen()) {
            return;
        }
        List<Entry> evicted = new ArrayList<>();
        synchronized (entries) {
            Entry previous = entries.put(instanceId, entry);
            if (previous != null && previous != entry) {
                evicted.add(previous);
            }
            var oldest = entries.entrySet().iterator();
            while (entries.size() > capacity && oldest.hasNext()) {
                evicted.add(oldest.next().getValue());
                oldest.remove();
            }
        }
        evicted.forEach(e -> e.session().close());
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** Closes every session, e.g. when the dispatcher stops: their instances may move to other replicas. */
    void clear() {
        List<Entry> all;
        synchronized (entries) {
            all = new ArrayList<>(entries.values());
            entries.clear();
        }
        all.forEach(e -> e.session().close());
    }

    @PreDestroy
    void shutdown() {
        clear();
        threads.shutdown();
    }
}
