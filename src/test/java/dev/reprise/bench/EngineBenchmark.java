package dev.reprise.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.api.DurableClient;
import dev.reprise.api.OrchestrationMetadata;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.dispatch.ActivityDispatcher;
import dev.reprise.dispatch.CompletionSignals;
import dev.reprise.dispatch.OrchestrationDispatcher;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The performance benchmark (workloads W1 to W5, W1 through HTTP, W6 for durable entities, the cold starts), run by
 * {@code bench/run}: it is not part of the test suite, and it asserts nothing about speed, only that every
 * orchestration produced its correct output. Figures are the median of {@code bench.runs} runs (3 by default) and go
 * to a Markdown file under {@code bench/results/}, and by name to {@code bench/results/latest.json} (which
 * {@code ../shared/peers/compare} reads).
 *
 * <p>System properties: {@code bench.runs}, {@code bench.workloads} (e.g. {@code W1,W4}; {@code W1H} for W1 through
 * HTTP with the service and the client in processes of their own ({@link HttpThroughput}); {@code COLD} for the
 * cold starts of {@link ColdStart}; all by default),
 * {@code bench.w1.orchestrations} (1000), {@code bench.w2.activities} (10000), {@code bench.w3.runs} (200),
 * {@code bench.w4.sizes} (1000,10000), {@code bench.w5.transactions} (10000), {@code bench.w6.signals} (10000),
 * {@code bench.w6b.counters} (1000), {@code bench.w6c.orchestrations} (500), {@code bench.label} (free text for the
 * results file's title).
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
class EngineBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CITIES = List.of("Tokyo", "Seattle", "London", "Cairo", "Lima");
    private static final List<String> GREETINGS = CITIES.stream().map(c -> "Hello " + c + "!").toList();
    private static final Duration PATIENCE = Duration.ofMinutes(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    DurableClient client;
    @Inject
    Pool pool;
    @Inject
    OrchestrationDispatcher orchestrations;
    @Inject
    ActivityDispatcher activities;
    @Inject
    CompletionSignals completions;
    @ConfigProperty(name = "quarkus.datasource.reactive.max-size")
    int poolSize;
    @TestHTTPResource("/")
    URL base;

    private final int runs = Integer.getInteger("bench.runs", 3);
    private final Set<String> workloads = new HashSet<>(Arrays.asList(
            System.getProperty("bench.workloads", "W1,W1H,W2,W3,W4,W5,W6,COLD").toUpperCase().split(",")));

    @Test
    void run() throws Exception {
        BenchReport report = new BenchReport(System.getProperty("bench.label", ""), runs);
        Map<String, Object> latest = new LinkedHashMap<>();
        report.machine(pool);
        if (workloads.stream().anyMatch(w -> w.startsWith("W"))) {
            warmUp();
        }

        if (workloads.contains("W1") || workloads.contains("W5")) {
            int n = Integer.getInteger("bench.w1.orchestrations", 1000);
            List<Double> eventsPerSecond = new ArrayList<>();
            List<Double> orchestrationsPerSecond = new ArrayList<>();
            List<Double> commitsPerSecond = new ArrayList<>();
            List<Double> engineCpu = new ArrayList<>();
            List<Double> postgresCpu = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                W1 result = throughput(n);
                eventsPerSecond.add(n * 10 / result.seconds());
                orchestrationsPerSecond.add(n / result.seconds());
                commitsPerSecond.add(result.commits() / result.seconds());
                engineCpu.add(result.engineCpuMillis() / n);
                postgresCpu.add(result.postgresCpuMillis() / n);
                purge();
            }
            report.rssAfter("W1", ProcessMeter.rssBytes(ProcessHandle.current().pid()));
            report.figure("W1", "HelloCities5 throughput (" + n + " started together)", "events/s", eventsPerSecond,
                    "≥ DBOS");
            latest.put("w1_events_per_s", Math.round(BenchReport.median(eventsPerSecond)));
            report.figure("W1", "HelloCities5 throughput", "orchestrations/s", orchestrationsPerSecond, "≥ 650");
            report.figure("W1", "durable steps during W1 (starts, orchestration steps, activity results)", "steps/s",
                    commitsPerSecond, "");
            report.figure("W1", "CPU per orchestration, engine JVM (with the benchmark driver)", "ms", engineCpu, "");
            report.figure("W1", "CPU per orchestration, PostgreSQL (all its processes)", "ms", postgresCpu, "");
            latest.put("w1_engine_cpu_ms_per_orchestration", BenchReport.median(engineCpu));
            latest.put("w1_postgres_cpu_ms_per_orchestration", BenchReport.median(postgresCpu));
            if (workloads.contains("W5")) {
                CommitCeiling ceiling = new CommitCeiling(pool, n);
                ceiling.prepare();
                int transactions = Integer.getInteger("bench.w5.transactions", 10_000);
                List<Double> rates = new ArrayList<>();
                for (int r = 0; r < runs; r++) {
                    rates.add(ceiling.measure(transactions, poolSize));
                }
                report.figure("W5", "ceiling: step-shaped transactions, " + poolSize + " at a time", "commits/s", rates,
                        "");
                report.fraction("W5", "engine durable steps/s ÷ ceiling commits/s", BenchReport.median(commitsPerSecond),
                        BenchReport.median(rates), "≥ 0.9");
                latest.put("w5_ratio", Math.round(BenchReport.median(commitsPerSecond) / BenchReport.median(rates)
                        * 100) / 100.0);
            }
        }
        if (workloads.contains("W2")) {
            int n = Integer.getInteger("bench.w2.activities", 10_000);
            List<Double> seconds = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                seconds.add(fanOut(n));
                purge();
            }
            report.rssAfter("W2", ProcessMeter.rssBytes(ProcessHandle.current().pid()));
            report.figure("W2", "fan-out/fan-in of " + n + " activities", "s", seconds, "≤ 4");
            latest.put("w2_fanout_s", Math.round(BenchReport.median(seconds) * 100) / 100.0);
        }
        if (workloads.contains("W3")) {
            int n = Integer.getInteger("bench.w3.runs", 200);
            List<Double> javaP50 = new ArrayList<>();
            List<Double> javaP99 = new ArrayList<>();
            List<Double> httpP50 = new ArrayList<>();
            List<Double> httpP99 = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                double[] java = latencies(n, this::oneThroughJavaClient);
                javaP50.add(percentile(java, 50));
                javaP99.add(percentile(java, 99));
                double[] http = latencies(n, this::oneThroughHttp);
                httpP50.add(percentile(http, 50));
                httpP99.add(percentile(http, 99));
                purge();
            }
            report.figure("W3", "latency p50, Java client (" + n + " in a row)", "ms", javaP50, "≤ 6");
            report.figure("W3", "latency p99, Java client", "ms", javaP99, "≤ 15");
            report.figure("W3", "latency p50, HTTP API", "ms", httpP50, "≤ 6");
            report.figure("W3", "latency p99, HTTP API", "ms", httpP99, "≤ 15");
            latest.put("w3_p50_ms", Math.round(BenchReport.median(javaP50) * 100) / 100.0);
            latest.put("w3_p99_ms", Math.round(BenchReport.median(javaP99) * 100) / 100.0);
            latest.put("w3_http_p50_ms", Math.round(BenchReport.median(httpP50) * 100) / 100.0);
            latest.put("w3_http_p99_ms", Math.round(BenchReport.median(httpP99) * 100) / 100.0);
        }
        if (workloads.contains("W4")) {
            int[] sizes = Arrays.stream(System.getProperty("bench.w4.sizes", "1000,10000").split(","))
                    .mapToInt(Integer::parseInt).toArray();
            List<Double> small = new ArrayList<>();
            List<Double> large = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                double s = sequence(sizes[0]);
                double l = sequence(sizes[1]);
                small.add(s);
                large.add(l);
                ratios.add(l / s);
                purge();
            }
            report.figure("W4", sizes[0] + " sequential activities", "s", small, "");
            report.figure("W4", sizes[1] + " sequential activities", "s", large, "");
            report.figure("W4", "time ratio (linear = " + sizes[1] / sizes[0] + ")", "×", ratios, "≤ 12");
            latest.put("w4_ratio", Math.round(BenchReport.median(ratios) * 100) / 100.0);
        }
        if (workloads.contains("W1H")) {
            int n = Integer.getInteger("bench.w1.orchestrations", 1000);
            Map<String, Object> http = HttpThroughput.measure(n, 32, runs);
            report.figure("W1H", "HelloCities5 through HTTP, separate service and client processes, 32 in flight",
                    "events/s", runsOf(http, "w1_http_events_per_s"), "≥ 0.7 × W1");
            report.figure("W1H", "starts through HTTP (POST to its 202), as the clients saw them", "starts/s",
                    runsOf(http, "w1_http_starts_per_s"), "");
            report.figure("W1H", "start to Completed through HTTP, p50", "ms", runsOf(http, "w1_http_p50_ms"), "");
            report.figure("W1H", "start to Completed through HTTP, p99", "ms", runsOf(http, "w1_http_p99_ms"), "");
            report.memory("resident memory of the service process after W1 through HTTP (target ≤ 300 MB)",
                    List.of(((Number) http.get("service_rss_mb_after_w1")).doubleValue()));
            latest.putAll(http);
        }
        if (workloads.contains("COLD")) {
            Map<String, Object> cold = ColdStart.measure(runs);
            ColdStart.report(cold, report);
            System.out.println("Cold-start figures merged into " + LatestJson.put(cold).toAbsolutePath());
        }
        if (workloads.contains("W6")) {
            latest.putAll(new EntityWorkloads(client, pool, completions).measure(report, runs, this::purge));
        }
        if (!latest.isEmpty()) {
            System.out.println("Figures merged into " + LatestJson.put(latest).toAbsolutePath());
        }
        Path written = report.write(Path.of("bench", "results"));
        System.out.println(report.markdown());
        System.out.println("Written to " + written.toAbsolutePath());
    }

    /**
     * Brings the JIT and the pool to their working state; nothing here is reported. The engine runs in the test
     * framework's JVM, whose start also compiles Quarkus' build steps, so the JIT needs a few thousand orchestrations
     * before the engine's code is compiled (measured in rounds of 500: 10.4, 6.0, 4.1, 3.0, 3.2, then about 1.5 ms
     * of CPU per orchestration): rounds of HelloCities5 run until three in a row cost within 10% of each other, at
     * most 12.
     */
    private void warmUp() throws Exception {
        List<Double> rounds = new ArrayList<>();
        for (int round = 0; round < 12; round++) {
            double cpu = throughput(500).engineCpuMillis() / 500;
            System.out.printf("warm-up round %d: %.2f ms engine CPU per orchestration%n", round + 1, cpu);
            purge();
            rounds.add(cpu);
            if (BenchReport.settled(rounds)) {
                break;
            }
        }
        fanOut(1000);
        sequence(100);
        for (int i = 0; i < 20; i++) {
            oneThroughJavaClient();
            oneThroughHttp();
        }
        purge();
    }

    /** One W1 run: its wall-clock time, durable steps, and the CPU time the engine's JVM and PostgreSQL used (ms). */
    private record W1(double seconds, long commits, double engineCpuMillis, double postgresCpuMillis) {
    }

    /** W1: starts {@code n} HelloCities5 at once and waits for all; checks every output. */
    private W1 throughput(int n) throws Exception {
        // Finishing is observed through the engine's own completion signals, registered before the starts, so the
        // benchmark adds no load on the database while it waits.
        List<String> ids = IntStream.range(0, n).mapToObj(i -> UUID.randomUUID().toString()).toList();
        CountDownLatch finished = new CountDownLatch(n);
        ids.forEach(id -> completions.onCompletion(id, finished::countDown));
        long commitsBefore = orchestrations.stepsCommitted() + activities.activitiesRecorded();
        long pid = ProcessHandle.current().pid();
        double engineCpuBefore = ProcessMeter.cpuMillis(pid);
        double postgresCpuBefore = ProcessMeter.postgresCpuMillis();
        long started = System.nanoTime();
        Multi.createFrom().iterable(ids)
                .onItem().transformToUniAndMerge(id -> client.scheduleNewOrchestration("HelloCities", CITIES,
                        NewOrchestrationOptions.withInstanceId(id)))
                .collect().asList().await().atMost(PATIENCE);
        if (!finished.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(finished.getCount() + " of " + n + " instances did not finish within "
                    + PATIENCE);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double engineCpu = ProcessMeter.cpuMillis(pid) - engineCpuBefore;
        double postgresCpu = ProcessMeter.postgresCpuMillis() - postgresCpuBefore;
        long commits = n + orchestrations.stepsCommitted() + activities.activitiesRecorded() - commitsBefore;
        checkOutputs(ids, JSON.valueToTree(GREETINGS));
        return new W1(seconds, commits, engineCpu, postgresCpu);
    }

    /** W2: one FanOutFanIn of {@code n} activities; returns seconds from start to Completed. */
    private double fanOut(int n) throws Exception {
        long started = System.nanoTime();
        String id = client.scheduleNewOrchestration("FanOutFanIn", JSON.readTree("{\"count\":" + n + "}"))
                .await().atMost(PATIENCE);
        OrchestrationMetadata done = client.waitForInstanceCompletion(id, PATIENCE).await().atMost(PATIENCE);
        double seconds = (System.nanoTime() - started) / 1e9;
        expect(id, done.getRuntimeStatus(), done.getSerializedOutput(), JSON.valueToTree(
                IntStream.rangeClosed(1, n).mapToObj(k -> "Task" + k + " completed").toList()));
        return seconds;
    }

    /** W4: one orchestration of {@code n} sequential activities; returns seconds from start to Completed. */
    private double sequence(int n) throws Exception {
        long started = System.nanoTime();
        String id = client.scheduleNewOrchestration(BenchFunctions.SEQUENCE, n).await().atMost(PATIENCE);
        OrchestrationMetadata done = client.waitForInstanceCompletion(id, PATIENCE).await().atMost(PATIENCE);
        double seconds = (System.nanoTime() - started) / 1e9;
        expect(id, done.getRuntimeStatus(), done.getSerializedOutput(), JSON.readTree(Long.toString((long) n * (n + 1) / 2)));
        return seconds;
    }

    private interface Trip {
        void run() throws Exception;
    }

    /** W3: {@code n} orchestrations one after the other; returns each one's start-to-Completed time in ms. */
    private static double[] latencies(int n, Trip trip) throws Exception {
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long started = System.nanoTime();
            trip.run();
            ms[i] = (System.nanoTime() - started) / 1e6;
        }
        return ms;
    }

    private void oneThroughJavaClient() throws Exception {
        String id = client.scheduleNewOrchestration("HelloCities", CITIES).await().atMost(PATIENCE);
        OrchestrationMetadata done = client.waitForInstanceCompletion(id, PATIENCE).await().atMost(PATIENCE);
        expect(id, done.getRuntimeStatus(), done.getSerializedOutput(), JSON.valueToTree(GREETINGS));
    }

    /** Starts through the HTTP API and waits on the status URL it returns (its long poll). */
    private void oneThroughHttp() throws Exception {
        HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(
                        base.toURI().resolve("runtime/webhooks/durabletask/orchestrators/HelloCities"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(CITIES))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (accepted.statusCode() != 202) {
            throw new AssertionError("start answered " + accepted.statusCode() + ": " + accepted.body());
        }
        JsonNode payload = JSON.readTree(accepted.body());
        URI status = URI.create(payload.get("statusQueryGetUri").asText());
        // The status route's long poll answers as soon as the instance finishes, so the client need not poll.
        URI waiting = URI.create(status + (status.getQuery() == null ? "?" : "&") + "timeout=30");
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            JsonNode s = JSON.readTree(HTTP.send(HttpRequest.newBuilder(waiting).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            OrchestrationRuntimeStatus runtimeStatus = OrchestrationRuntimeStatus.valueOf(s.get("runtimeStatus").asText());
            if (runtimeStatus.isTerminal()) {
                expect(payload.get("id").asText(), runtimeStatus, JSON.writeValueAsString(s.get("output")),
                        JSON.valueToTree(GREETINGS));
                return;
            }
        }
        throw new AssertionError("instance " + payload.get("id") + " did not finish within " + PATIENCE);
    }

    private void checkOutputs(List<String> ids, JsonNode expected) throws Exception {
        int checked = 0;
        for (Row row : pool.preparedQuery("""
                        SELECT instance_id, runtime_status, output FROM reprise_instances WHERE instance_id = ANY($1)""")
                .execute(Tuple.of((Object) ids.toArray(String[]::new))).await().atMost(PATIENCE)) {
            expect(row.getString("instance_id"), OrchestrationRuntimeStatus.valueOf(row.getString("runtime_status")),
                    row.getString("output"), expected);
            checked++;
        }
        if (checked != ids.size()) {
            throw new AssertionError("expected " + ids.size() + " instances, found " + checked);
        }
    }

    /** A fast wrong answer fails the whole run. */
    private static void expect(String id, OrchestrationRuntimeStatus status, String output, JsonNode expected)
            throws Exception {
        if (status != OrchestrationRuntimeStatus.Completed || output == null
                || !JSON.readTree(output).equals(expected)) {
            String shown = output == null ? "null" : output.length() > 300 ? output.substring(0, 300) + "…" : output;
            throw new AssertionError("instance " + id + " ended " + status + " with output " + shown
                    + "; the benchmark only counts correct results");
        }
    }

    /** Between runs: every run starts from an empty task hub with vacuumed tables, whatever ran before it. */
    private void purge() {
        client.purgeInstances(Instant.EPOCH, null, List.of()).await().atMost(PATIENCE);
        pool.query("VACUUM (ANALYZE) reprise_inbox, reprise_work_items, reprise_instances, reprise_history, "
                        + "reprise_entities, reprise_entity_inbox")
                .execute().await().atMost(PATIENCE);
    }

    @SuppressWarnings("unchecked")
    private static List<Double> runsOf(Map<String, Object> figures, String name) {
        return (List<Double>) figures.get(name + "_runs");
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
