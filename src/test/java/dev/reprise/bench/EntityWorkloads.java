package dev.reprise.bench;

import dev.reprise.api.DurableClient;
import dev.reprise.api.EntityInstanceId;
import dev.reprise.api.HistoryEvent;
import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.api.OrchestrationMetadata;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.dispatch.CompletionSignals;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The durable-entity workloads of issue 11, on the Counter sample: W6a, signals to one counter; W6b, signals spread
 * over many counters; W6c, orchestrations calling one shared counter. Every run checks that each counter holds
 * exactly the operations it was sent; nothing here asserts a duration.
 */
final class EntityWorkloads {

    /** Calls each W6c orchestration makes. */
    static final int CALLS = 5;
    private static final Duration PATIENCE = Duration.ofMinutes(20);
    private static final Duration POLL = Duration.ofMillis(20);

    private final DurableClient client;
    private final Pool pool;
    private final CompletionSignals completions;

    EntityWorkloads(DurableClient client, Pool pool, CompletionSignals completions) {
        this.client = client;
        this.pool = pool;
        this.completions = completions;
    }

    /** W6a and W6b: {@code signals} {@code add 1} signals over {@code counters} counters; returns operations/s. */
    double signals(int signals, int counters) throws Exception {
        String run = "w6-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<EntityInstanceId> ids = IntStream.range(0, counters).mapToObj(i -> EntityInstanceId.of("Counter",
                run + i)).toList();
        long started = System.nanoTime();
        Multi.createFrom().range(0, signals)
                .onItem().transformToUniAndMerge(i -> client.signalEntity(ids.get(i % counters), "add", 1))
                .collect().asList().await().atMost(PATIENCE);
        awaitQueuesEmpty("@counter@" + run);
        double seconds = (System.nanoTime() - started) / 1e9;
        checkCounters("@counter@" + run, counters, signals / counters);
        return signals / seconds;
    }

    /** The result of one W6c run. */
    /**
     * W6a, W6b, W6c (issue 11): a short warm-up, then {@code runs} rounds, each followed by {@code purge}; reports
     * them to {@code report} and returns the figures by name for {@code latest.json}.
     */
    Map<String, Object> measure(BenchReport report, int runs, Runnable purge) throws Exception {
        int signals = Integer.getInteger("bench.w6.signals", 10_000);
        int counters = Integer.getInteger("bench.w6b.counters", 1000);
        int orchestrations = Integer.getInteger("bench.w6c.orchestrations", 500);
        signals(1000, 1);
        signals(1000, 100);
        calls(50);
        purge.run();
        List<Double> one = new ArrayList<>();
        List<Double> many = new ArrayList<>();
        List<Double> calls = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            one.add(signals(signals, 1));
            many.add(signals(signals, counters));
            Calls c = calls(orchestrations);
            calls.add(c.callsPerSecond());
            p50.add(c.p50Millis());
            purge.run();
        }
        report.figure("W6a", signals + " signals to one counter (sent together, until all applied)", "operations/s",
                one, "≥ 2,000");
        report.figure("W6b", signals + " signals over " + counters + " counters", "operations/s", many, "≥ 3,000");
        report.figure("W6c", orchestrations + " orchestrations calling one shared counter " + CALLS
                + " times each", "calls/s", calls, "");
        report.figure("W6c", "call latency p50 (calling step to the step that gets the result)", "ms", p50, "");
        return latestJsonFigures(BenchReport.median(one), BenchReport.median(many),
                BenchReport.median(calls), BenchReport.median(p50));
    }

    record Calls(double callsPerSecond, double p50Millis) {
    }

    /** W6c: {@code orchestrations} orchestrations, started together, each calling one shared counter. */
    Calls calls(int orchestrations) throws Exception {
        String counter = "w6c-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = IntStream.range(0, orchestrations).mapToObj(i -> UUID.randomUUID().toString()).toList();
        CountDownLatch finished = new CountDownLatch(orchestrations);
        ids.forEach(id -> completions.onCompletion(id, finished::countDown));
        long started = System.nanoTime();
        Multi.createFrom().iterable(ids)
                .onItem().transformToUniAndMerge(id -> client.scheduleNewOrchestration(BenchFunctions.ENTITY_CALLER,
                        counter, NewOrchestrationOptions.withInstanceId(id)))
                .collect().asList().await().atMost(PATIENCE);
        if (!finished.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(finished.getCount() + " of " + orchestrations + " W6c instances did not finish");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        List<Double> latencies = new ArrayList<>();
        for (String id : ids) {
            OrchestrationMetadata m = client.getInstanceMetadata(id, true).await().atMost(PATIENCE);
            if (m.getRuntimeStatus() != OrchestrationRuntimeStatus.Completed
                    || m.readOutputAs(Integer.class) != CALLS) {
                throw new AssertionError("W6c instance " + id + " ended " + m.getRuntimeStatus() + " with "
                        + m.getSerializedOutput());
            }
            latencies.addAll(callLatencies(client.getInstanceHistory(id).await().atMost(PATIENCE)));
        }
        checkCounters("@counter@" + counter, 1, orchestrations * CALLS);
        latencies.sort(Double::compare);
        return new Calls(orchestrations * CALLS / seconds, latencies.get(latencies.size() / 2));
    }

    /**
     * Each call's latency as the orchestration saw it: from the step that called (its OrchestratorStarted time) to
     * the step that received the result, in ms of the engine's clock.
     */
    private static List<Double> callLatencies(List<HistoryEvent> history) {
        Map<Integer, Instant> called = new HashMap<>();
        List<Double> out = new ArrayList<>();
        Instant step = null;
        for (HistoryEvent e : history) {
            if (e instanceof HistoryEvent.OrchestratorStarted s) {
                step = s.timestamp();
            } else if (e instanceof HistoryEvent.EntityOperationCalled c) {
                called.put(c.taskId(), step);
            } else if (e instanceof HistoryEvent.EntityOperationCompleted c && called.containsKey(c.taskId())) {
                out.add(Duration.between(called.get(c.taskId()), step).toNanos() / 1e6);
            }
        }
        return out;
    }

    private void awaitQueuesEmpty(String prefix) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            long waiting = pool.preparedQuery("SELECT count(*) AS n FROM reprise_entity_inbox "
                            + "WHERE starts_with(entity_id, $1)").execute(Tuple.of(prefix)).await().atMost(PATIENCE)
                    .iterator().next().getLong("n");
            if (waiting == 0) {
                return;
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new AssertionError("entities " + prefix + "* still had operations waiting after " + PATIENCE);
    }

    /** A fast wrong answer fails the run: every counter holds exactly {@code each}. */
    private void checkCounters(String prefix, int counters, int each) {
        int checked = 0;
        for (Row row : pool.preparedQuery("SELECT entity_id, state FROM reprise_entities "
                + "WHERE starts_with(entity_id, $1)").execute(Tuple.of(prefix)).await().atMost(PATIENCE)) {
            if (row.getString("state") == null || Integer.parseInt(row.getString("state")) != each) {
                throw new AssertionError(row.getString("entity_id") + " holds " + row.getString("state")
                        + ", expected " + each + "; the benchmark only counts correct results");
            }
            checked++;
        }
        if (checked != counters) {
            throw new AssertionError("expected " + counters + " counters " + prefix + "*, found " + checked);
        }
    }

    /**
     * The W6 figures by name, for {@code bench/results/latest.json} (medians of the runs): operations/s of W6a and
     * W6b, calls/s and p50 call latency (ms) of W6c.
     */
    static Map<String, Object> latestJsonFigures(double w6aOpsPerSecond, double w6bOpsPerSecond,
                                                 double w6cCallsPerSecond, double w6cP50Millis) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("w6a_entity_signals_one_counter_ops_per_s", Math.round(w6aOpsPerSecond));
        figures.put("w6b_entity_signals_1000_counters_ops_per_s", Math.round(w6bOpsPerSecond));
        figures.put("w6c_entity_calls_per_s", Math.round(w6cCallsPerSecond));
        figures.put("w6c_entity_call_p50_ms", Math.round(w6cP50Millis * 10) / 10.0);
        return figures;
    }
}
