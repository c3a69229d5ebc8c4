package dev.reprise.dispatch;

import dev.reprise.config.RepriseConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The instances this process keeps between steps (sticky instances, with their histories or extended sessions), least
 * recently used first out. What they hold is bounded by bytes ({@code reprise.orchestrations.session-memory}), and
 * the extended sessions among them, each of which parks a thread, by count ({@code reprise.orchestrations.sessions}).
 * An instance is evicted only while idle (no step running or waiting); the caller releases the evicted instances'
 * leases so other replicas can take them.
 */
@Singleton
public class KeptInstances {

    /** What keeping an instance costs besides its history: the record, the maps, the bookkeeping. */
    static final long OVERHEAD_BYTES = 2 * 1024;
    /** What a parked session costs besides its history: its thread's touched stack and the code's own state. */
    static final long SESSION_BYTES = 64 * 1024;
    /** Decoded events take about this many times the characters of their stored JSON. */
    static final int DECODED_FACTOR = 3;

    private final long budget;
    private final int maxSessions;
    private final int minSessionHistory;
    private final Map<String, KeptInstance> entries = new LinkedHashMap<>(64, 0.75f, true);
    /** What each kept instance was last counted as: recounted when its step ends, not on every look-up. */
    private final Map<String, Long> costs = new HashMap<>();
    private final Map<String, Boolean> withSession = new HashMap<>();
    private final ExecutorService threads;
    private long held;
    private int sessions;

    @Inject
    KeptInstances(RepriseConfig config) {
        this(config.orchestrations().sessionMemory().asLongValue(), config.orchestrations().sessions(),
                config.orchestrations().sessionMinHistory());
    }

    KeptInstances(long budgetBytes, int maxSessions, int minSessionHistory) {
        this.budget = budgetBytes;
        this.maxSessions = maxSessions;
        this.minSessionHistory = minSessionHistory;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "reprise-orchestrator-" + count.incrementAndGet());
            t.setDaemon(true); // parked or runaway orchestrator code must never keep the process alive
            return t;
        });
    }

    /** The threads orchestrator code runs on: extended sessions park there, fresh replays run there. */
    ExecutorService threads() {
        return threads;
    }

    /** What keeping an instance of {@code payloadBytes} of history costs, with or without a session. */
    static long cost(long payloadBytes, boolean session) {
        return OVERHEAD_BYTES + DECODED_FACTOR * payloadBytes + (session ? SESSION_BYTES : 0);
    }

    /** Whether an instance of {@code payloadBytes} could be kept at all (alone, it fits the budget). */
    boolean fits(long payloadBytes) {
        return budget > 0 && cost(payloadBytes, false) <= budget;
    }

    /** Whether a step over {@code historySize} events should continue in an extended session, as far as allowed. */
    synchronized boolean sessionAllowed(int historySize) {
        return maxSessions > 0 && historySize >= minSessionHistory && sessions < maxSessions;
    }

    synchronized KeptInstance get(String instanceId) {
        return entries.get(instanceId);
    }

    /** Starts keeping {@code instance}; replaces (and returns, dropped) another copy of the same instance. */
    synchronized KeptInstance put(KeptInstance instance) {
        KeptInstance previous = entries.put(instance.instanceId, instance);
        forget(instance.instanceId);
        count(instance);
        return previous;
    }

    /** Stops keeping {@code instance} (if it is still the copy kept). */
    synchronized void remove(KeptInstance instance) {
        if (entries.remove(instance.instanceId, instance)) {
            forget(instance.instanceId);
        }
    }

    /**
     * After {@code instance}'s step: it counts as most recently used; idle instances beyond the budget are evicted,
     * least recently used first, and returned (dropped) so their leases can be released.
     */
    synchronized List<KeptInstance> touched(KeptInstance instance) {
        if (entries.get(instance.instanceId) != instance) { // also moves it to the most recently used end
            return List.of();
        }
        forget(instance.instanceId);
        count(instance);
        List<KeptInstance> evicted = new ArrayList<>();
        Iterator<KeptInstance> oldest = entries.values().iterator();
        while (held > budget && oldest.hasNext()) {
            KeptInstance candidate = oldest.next();
            if (candidate != instance && candidate.isIdle()) {
                oldest.remove();
                forget(candidate.instanceId);
                evicted.add(candidate);
            }
        }
        if (held > budget && instance.isIdle()) {
            entries.remove(instance.instanceId, instance);
            forget(instance.instanceId);
            evicted.add(instance);
        }
        evicted.forEach(KeptInstance::drop);
        return evicted;
    }

    /** The IDs of every instance kept, for lease renewal. */
    synchronized List<String> ids() {
        return new ArrayList<>(entries.keySet());
    }

    /** The IDs of kept instances whose step runs or waits: a claim must not take them. */
    synchronized List<String> busy() {
        List<String> out = new ArrayList<>();
        entries.values().forEach(i -> {
            if (!i.isIdle()) {
                out.add(i.instanceId);
            }
        });
        return out;
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long heldBytes() {
        return held;
    }

    /** Drops every instance (the dispatcher stopped): their sessions close; returns them for their outcomes. */
    synchronized List<KeptInstance> clear() {
        List<KeptInstance> all = new ArrayList<>(entries.values());
        entries.clear();
        costs.clear();
        withSession.clear();
        held = 0;
        sessions = 0;
        return all;
    }

    private void count(KeptInstance instance) {
        boolean session = instance.hasSession();
        long cost = cost(instance.payloadBytes(), session);
        costs.put(instance.instanceId, cost);
        withSession.put(instance.instanceId, session);
        held += cost;
        sessions += session ? 1 : 0;
    }

    private void forget(String instanceId) {
        Long cost = costs.remove(instanceId);
        if (cost != null) {
            held -= cost;
            sessions -= Boolean.TRUE.equals(withSession.remove(instanceId)) ? 1 : 0;
        }
    }

    @PreDestroy
    void shutdown() {
        clear().forEach(KeptInstance::drop);
        threads.shutdown();
    }
}
