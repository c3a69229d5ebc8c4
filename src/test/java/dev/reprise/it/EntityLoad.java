package dev.reprise.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Entity work over the HTTP API of the packaged service: signals to Counters, deposits to and Transfers between
 * BankAccounts, sent round-robin over replicas. Only signals answered 202 are counted (a 202 is a commit).
 */
final class EntityLoad {

    static final String ROOT = "/runtime/webhooks/durabletask";
    private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();

    /** Sends {@code perCounter} {@code add 1} signals to each counter, from 8 threads, over {@code replicas}. */
    void signalCounters(List<ServiceProcess> replicas, List<String> counters, int perCounter) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> sent = new ArrayList<>();
            AtomicInteger next = new AtomicInteger();
            for (int round = 0; round < perCounter; round++) {
                for (String counter : counters) {
                    sent.add(pool.submit(() -> {
                        ServiceProcess replica = replicas.get(next.getAndIncrement() % replicas.size());
                        HttpResponse<String> r = replica.post(ROOT + "/entities/Counter/" + counter + "?op=add", "1");
                        if (r.statusCode() == 202) {
                            accepted.computeIfAbsent(counter, k -> new AtomicInteger()).incrementAndGet();
                        } else {
                            throw new AssertionError("signal answered " + r.statusCode() + ": " + r.body());
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** How many signals each counter was sent (and its 202 received). */
    int accepted(String counter) {
        AtomicInteger n = accepted.get(counter);
        return n == null ? 0 : n.get();
    }

    /** Deposits {@code amount} into each account and waits until each shows it. */
    static void seedAccounts(ServiceProcess replica, List<String> accounts, int amount) throws Exception {
        for (String account : accounts) {
            HttpResponse<String> r = replica.post(ROOT + "/entities/BankAccount/" + account + "?op=deposit",
                    Integer.toString(amount));
            if (r.statusCode() != 202) {
                throw new AssertionError("deposit answered " + r.statusCode() + ": " + r.body());
            }
        }
        for (String account : accounts) {
            awaitState(replica, "BankAccount", account, Duration.ofSeconds(60),
                    s -> s != null && s.asInt() == amount);
        }
    }

    /** Starts {@code count} transfers between neighbouring accounts, both ways, round-robin over replicas. */
    static List<String> startTransfers(List<ServiceProcess> replicas, List<String> accounts, int count)
            throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String from = accounts.get(i % accounts.size());
            String to = accounts.get((i + 1 + (i / accounts.size()) % (accounts.size() - 1)) % accounts.size());
            if (i % 2 == 1) {
                String swap = from;
                from = to;
                to = swap;
            }
            ids.add(replicas.get(i % replicas.size()).startOrchestration("Transfer",
                    "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":" + (10 + i % 40) + "}"));
        }
        return ids;
    }

    /** Waits for every transfer to complete; returns how many moved money. Fails on a Failed one. */
    static int awaitTransfers(ServiceProcess observer, List<String> ids, Duration patience) throws Exception {
        int moved = 0;
        for (String id : ids) {
            JsonNode done = observer.awaitStatus(id, patience, s -> {
                String status = s.path("runtimeStatus").asText();
                return status.equals("Completed") || status.equals("Failed") || status.equals("Terminated");
            });
            if (!done.path("runtimeStatus").asText().equals("Completed")) {
                throw new AssertionError("transfer " + id + " ended " + done);
            }
            if (done.path("output").path("fromBalance").asInt() < 0) {
                throw new AssertionError("transfer " + id + " saw an overdraft: " + done.path("output"));
            }
            moved += done.path("output").path("transferred").asBoolean() ? 1 : 0;
        }
        return moved;
    }

    /** The entity's state, or {@code null} when it has none. */
    static JsonNode state(ServiceProcess replica, String name, String key) throws Exception {
        HttpResponse<String> r = replica.get(ROOT + "/entities/" + name + "/" + key);
        return r.statusCode() == 200 ? ServiceProcess.JSON.readTree(r.body()) : null;
    }

    /** Polls the entity's state until {@code done} accepts it. */
    static JsonNode awaitState(ServiceProcess replica, String name, String key, Duration patience,
                               java.util.function.Predicate<JsonNode> done) throws Exception {
        Instant deadline = Instant.now().plus(patience);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = state(replica, name, key);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + "/" + key + " did not reach the expected state within " + patience
                + "; last: " + last);
    }
}
