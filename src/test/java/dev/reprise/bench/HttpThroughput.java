package dev.reprise.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * W1 through HTTP, as production runs it: the packaged service as its own process (started by
 * {@code deploy/launch.sh}, sized for the Knative Service's 512 MiB), and a client in another process
 * ({@link HttpLoadClient}) that starts HelloCities5 orchestrations through the management API, 32 in flight, and sees
 * each completion through the API. The service's resident memory after the runs is the figure for a pod under load
 * (the benchmark's own JVM holds the test framework too).
 */
final class HttpThroughput {

    static final String DATABASE = "reprise_bench_http";
    private static final Path LAUNCHER = Path.of("deploy", "launch.sh").toAbsolutePath();
    private static final Path APP = Path.of("target", "quarkus-app").toAbsolutePath();
    private static final Path CLIENT_CLASSES = Path.of("target", "test-classes").toAbsolutePath();
    private static final Path WORK = Path.of("target", "bench-http").toAbsolutePath();
    private static final Duration PATIENCE = Duration.ofMinutes(10);
    private static final int MIN_WARM_UP_ROUNDS = 10;
    private static final int MAX_WARM_UP_ROUNDS = 15;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private HttpThroughput() {
    }

    /**
     * Runs {@code runs} times {@code orchestrations} HelloCities5 with {@code inFlight} at a time, after the
     * warm-up of {@link #warmUp}; returns the medians by name ({@code w1_http_events_per_s},
     * {@code w1_http_starts_per_s}, {@code w1_http_p50_ms}, {@code w1_http_p99_ms}), each with its runs under the name plus {@code _runs}, and
     * {@code service_rss_mb_after_w1}.
     */
    static Map<String, Object> measure(int orchestrations, int inFlight, int runs) throws Exception {
        if (!Files.exists(APP.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(APP + " is missing: run the benchmark through bench/run");
        }
        Files.createDirectories(WORK);
        recreateDatabase();
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString()).directory(WORK.toFile()).redirectErrorStream(true)
                .redirectOutput(WORK.resolve("service.log").toFile());
        pb.environment().put("REPRISE_APP_DIR", APP.toString());
        pb.environment().put("JAVA", ProcessHandle.current().info().command().orElse("java"));
        pb.environment().put("JAVA_OPTS", "-XX:MaxRAM=" + System.getProperty("bench.cold.max-ram", "512m"));
        pb.environment().put("REPRISE_DATASOURCE_DATABASE", DATABASE);
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        Process service = pb.start();
        try {
            String base = "http://127.0.0.1:" + port + "/";
            awaitReady(service, base);
            warmUp(base, inFlight);
            List<JsonNode> results = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                purge();
                results.add(client(base, orchestrations, inFlight));
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            put(figures, "w1_http_events_per_s", results, "events_per_s");
            put(figures, "w1_http_starts_per_s", results, "starts_per_s");
            put(figures, "w1_http_p50_ms", results, "p50_ms");
            put(figures, "w1_http_p99_ms", results, "p99_ms");
            figures.put("service_rss_mb_after_w1", Math.round(ProcessMeter.rssBytes(service.pid()) / (1024.0 * 1024.0)));
            return figures;
        } finally {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    /**
     * Brings the service's JIT and pool to their working state, as W1's warm-up does for the engine in the benchmark's
     * JVM: rounds of 500, at least {@value #MIN_WARM_UP_ROUNDS}, until three in a row reach events/s within 10% of
     * each other, at most {@value #MAX_WARM_UP_ROUNDS}; not reported. The minimum is there because
     * {@code deploy/launch.sh} defers the optimising compiler past start-up: the first rounds run on the quick
     * compiler's code and can look settled before the optimised code arrives (measured: settled after 4 rounds at
     * 80% of the throughput reached after 10).
     */
    private static void warmUp(String base, int inFlight) throws Exception {
        List<Double> rates = new ArrayList<>();
        for (int round = 1; round <= MAX_WARM_UP_ROUNDS; round++) {
            purge();
            double rate = client(base, 500, inFlight).get("events_per_s").asDouble();
            rates.add(rate);
            System.out.printf("W1H warm-up round %d: %.0f events/s%n", round, rate);
            if (round >= MIN_WARM_UP_ROUNDS && BenchReport.settled(rates)) {
                return;
            }
        }
    }

    /** Runs the client as its own process; its last line is {@code RESULT <json>}. */
    private static JsonNode client(String base, int orchestrations, int inFlight) throws Exception {
        Path log = WORK.resolve("client.log");
        Process client = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx128m",
                "-cp", CLIENT_CLASSES.toString(), HttpLoadClient.class.getName(), base,
                String.valueOf(orchestrations), String.valueOf(inFlight))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!client.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
            client.destroyForcibly();
            throw new AssertionError("the HTTP client did not finish within " + PATIENCE + "; see " + log);
        }
        String result = Files.readAllLines(log).stream().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new AssertionError("the HTTP client failed (exit " + client.exitValue()
                        + "): " + String.join("\n", readQuietly(log))));
        return JSON.readTree(result.substring("RESULT ".length()));
    }

    private static void put(Map<String, Object> figures, String name, List<JsonNode> results, String field) {
        List<Double> runs = results.stream().map(r -> r.get(field).asDouble()).toList();
        figures.put(name, Math.round(BenchReport.median(runs) * 100) / 100.0);
        figures.put(name + "_runs", runs);
    }

    private static void awaitReady(Process service, String base) throws Exception {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(base + "q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the service exited; see " + WORK.resolve("service.log"));
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // starting
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the service was not ready within 2 minutes");
    }

    /** Every run starts from an empty task hub with vacuumed tables. */
    private static void purge() throws Exception {
        try (Connection c = connect(DATABASE); Statement s = c.createStatement()) {
            s.execute("DELETE FROM reprise_history");
            s.execute("DELETE FROM reprise_inbox");
            s.execute("DELETE FROM reprise_work_items");
            s.execute("DELETE FROM reprise_instances");
            s.execute("VACUUM (ANALYZE) reprise_inbox, reprise_work_items, reprise_instances, reprise_history");
        }
    }

    private static void recreateDatabase() throws Exception {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    private static Connection connect(String database) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
    }

    private static List<String> readQuietly(Path log) {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            return List.of(e.toString());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
