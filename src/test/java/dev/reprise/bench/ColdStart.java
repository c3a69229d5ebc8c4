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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A cold start as Knative pays it after scale to zero: the packaged service started as its own process through
 * {@code deploy/launch.sh} (the JVM image's entry point), configured as {@code k8s/service.yaml} configures it
 * (migrations off, an API key), and timed from process start
 * <ul>
 *   <li>to the first {@code 200} from {@code /q/health/ready} (the resident memory is read at that moment), and, in
 *   another process,</li>
 *   <li>to the first {@code 202} for {@code POST .../orchestrators/HelloCities}, the request sent again and again
 *   from the moment the process starts, as the activator holds and retries a request while the pod starts; the
 *   instance must then complete with the right output.</li>
 * </ul>
 * Each twice: plain (the default fast-jar layout, {@code target/quarkus-app}, on this JVM) and cached (the aot-jar
 * layout, {@code target/quarkus-app-aot}, on Java 25 with an AOT cache made first by {@code deploy/aot-train.sh}).
 *
 * <p>Every process gets {@code -XX:MaxRAM} = the Service's memory limit ({@code bench.cold.max-ram}, 512m), so its
 * JVM sizes its heap as in the pod rather than from this machine's memory. Java 25 is
 * {@code bench.java25} ({@code /usr/lib/jvm/temurin-25-jdk-amd64} by default); without it the cached figures are
 * left out and the table says why.
 */
final class ColdStart {

    static final String DATABASE = "reprise_bench_cold";
    private static final Path LAUNCHER = Path.of("deploy", "launch.sh").toAbsolutePath();
    private static final Path TRAINER = Path.of("deploy", "aot-train.sh").toAbsolutePath();
    private static final Path PLAIN_APP = Path.of("target", "quarkus-app").toAbsolutePath();
    private static final Path AOT_APP = Path.of("target", "quarkus-app-aot").toAbsolutePath();
    private static final Path WORK = Path.of("target", "bench-cold").toAbsolutePath();
    private static final String START = "/runtime/webhooks/durabletask/orchestrators/HelloCities";
    private static final String API_KEY = "bench-key";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private record Launch(double millis, long rssBytes, double cpuMillis) {
    }

    private ColdStart() {
    }

    /**
     * Measures {@code runs} cold starts of each kind and returns the medians by name ({@code start_to_ready_ms},
     * {@code cold_first_request_ms}, {@code rss_mb_at_ready}, {@code cpu_ms_at_ready}, the same with
     * {@code _cached}), each with its runs under the name plus {@code _runs}, and the Java versions.
     */
    static Map<String, Object> measure(int runs) throws Exception {
        for (Path app : List.of(PLAIN_APP, AOT_APP)) {
            if (!Files.exists(app.resolve("quarkus-run.jar"))) {
                throw new IllegalStateException(app + " is missing: run the benchmark through bench/run, which "
                        + "packages the application first");
            }
        }
        Files.createDirectories(WORK);
        Map<String, String> base = new LinkedHashMap<>();
        base.put("REPRISE_DATASOURCE_DATABASE", DATABASE);
        base.put("JAVA_OPTS", "-XX:MaxRAM=" + System.getProperty("bench.cold.max-ram", "512m"));
        String java = ProcessHandle.current().info().command().orElse("java");
        prepareDatabase(java, base);

        Map<String, Object> figures = new LinkedHashMap<>();
        Map<String, String> plain = new LinkedHashMap<>(base);
        plain.put("JAVA", java);
        plain.put("REPRISE_APP_DIR", PLAIN_APP.toString());
        figures.put("cold_start_java", System.getProperty("java.version"));
        series(figures, "", plain, runs);

        Path java25 = Path.of(System.getProperty("bench.java25", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java");
        if (!Files.isExecutable(java25)) {
            figures.put("cold_start_cached_skipped", "no Java 25 at " + java25 + " (set -Dbench.java25)");
            return figures;
        }
        Map<String, String> cached = new LinkedHashMap<>(base);
        cached.put("JAVA", java25.toString());
        cached.put("REPRISE_APP_DIR", AOT_APP.toString());
        cached.put("REPRISE_AOT_CACHE", train(cached).toString());
        figures.put("cold_start_java_cached", version(java25));
        series(figures, "_cached", cached, runs);
        return figures;
    }

    /** Adds the cold-start rows to the Markdown report. */
    static void report(Map<String, Object> figures, BenchReport report) {
        String plain = "plain (fast-jar, Java " + figures.get("cold_start_java") + ")";
        rows(figures, report, "", plain);
        if (figures.containsKey("cold_start_cached_skipped")) {
            report.note("cold start with the AOT cache not measured: " + figures.get("cold_start_cached_skipped"));
        } else {
            rows(figures, report, "_cached", "AOT cache (aot-jar, Java " + figures.get("cold_start_java_cached") + ")");
        }
    }

    @SuppressWarnings("unchecked")
    private static void rows(Map<String, Object> figures, BenchReport report, String suffix, String kind) {
        report.figure("cold", "process start → ready, " + kind, "ms",
                (List<Double>) figures.get("start_to_ready_ms" + suffix + "_runs"), "");
        report.figure("cold", "process start → first 202 for a start, " + kind, "ms",
                (List<Double>) figures.get("cold_first_request_ms" + suffix + "_runs"),
                suffix.isEmpty() ? "" : "≤ 1,000");
        report.figure("cold", "CPU time of the process at ready, " + kind, "ms",
                (List<Double>) figures.get("cpu_ms_at_ready" + suffix + "_runs"), "");
        report.memory("resident memory at ready, " + kind + (suffix.isEmpty() ? "" : " (target ≤ 130 MB)"),
                (List<Double>) figures.get("rss_mb_at_ready" + suffix + "_runs"));
    }

    private static void series(Map<String, Object> figures, String suffix, Map<String, String> env, int runs)
            throws Exception {
        List<Double> ready = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> first = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            Launch toReady = launch(env, false, "ready" + suffix + "-" + r);
            ready.add(toReady.millis());
            rss.add(toReady.rssBytes() / (1024.0 * 1024.0));
            cpu.add(toReady.cpuMillis());
            first.add(launch(env, true, "first-request" + suffix + "-" + r).millis());
        }
        put(figures, "start_to_ready_ms" + suffix, ready);
        put(figures, "cold_first_request_ms" + suffix, first);
        put(figures, "rss_mb_at_ready" + suffix, rss);
        put(figures, "cpu_ms_at_ready" + suffix, cpu);
    }

    private static void put(Map<String, Object> figures, String name, List<Double> runs) {
        figures.put(name, Math.round(BenchReport.median(runs)));
        figures.put(name + "_runs", runs.stream().map(v -> (double) Math.round(v)).toList());
    }

    /** One cold process: timed to ready, or to the first 202 for a start (then the instance must complete). */
    private static Launch launch(Map<String, String> settings, boolean firstRequest, String name) throws Exception {
        int port = freePort();
        Map<String, String> env = service(settings, port);
        Path log = WORK.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString()).directory(WORK.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        clear(pb.environment());
        pb.environment().putAll(env);
        long started = System.nanoTime();
        Process process = pb.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + port + (firstRequest ? START : "/q/health/ready"));
            HttpRequest request = HttpRequest.newBuilder(uri).header("x-functions-key", API_KEY)
                    .timeout(Duration.ofSeconds(30))
                    .method(firstRequest ? "POST" : "GET", HttpRequest.BodyPublishers.noBody()).build();
            int expected = firstRequest ? 202 : 200;
            long deadline = started + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
                }
                try {
                    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == expected) {
                        double millis = (System.nanoTime() - started) / 1e6;
                        Launch launch = new Launch(millis, ProcessMeter.rssBytes(process.pid()),
                                ProcessMeter.cpuMillis(process.pid()));
                        if (firstRequest) {
                            awaitGreetings(response.body());
                        }
                        return launch;
                    }
                } catch (IOException notListeningYet) {
                    // the HTTP server is not up yet: send it again, as the activator does
                }
                Thread.sleep(5);
            }
            throw new IllegalStateException(name + ": no " + expected + " within " + PATIENCE + "; see " + log);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** The Knative Service's settings (k8s/service.yaml), with this machine's database and a port. */
    private static Map<String, String> service(Map<String, String> settings, int port) {
        Map<String, String> env = new LinkedHashMap<>(settings);
        env.put("REPRISE_DATASOURCE_MIGRATE_AT_START", "false");
        env.put("REPRISE_DATASOURCE_CREATE_DATABASE", "false");
        env.put("REPRISE_HTTP_API_KEY", API_KEY);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        return env;
    }

    /** A fast wrong answer is not a cold start: the instance the first request started must complete correctly. */
    private static void awaitGreetings(String accepted) throws Exception {
        URI status = URI.create(JSON.readTree(accepted).path("statusQueryGetUri").asText());
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = JSON.readTree(HTTP.send(HttpRequest.newBuilder(status).header("x-functions-key", API_KEY).GET()
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            if (last.path("runtimeStatus").asText().equals("Completed")) {
                if (!last.path("output").toString().equals("[\"Hello Tokyo!\",\"Hello Seattle!\",\"Hello London!\"]")) {
                    throw new AssertionError("HelloCities completed with " + last.path("output"));
                }
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the instance started by the first request did not complete: " + last);
    }

    /** Creates the database and its schema as the migration Job would, so the measured processes do no schema work. */
    private static void prepareDatabase(String java, Map<String, String> base) throws Exception {
        Map<String, String> env = new LinkedHashMap<>(base);
        env.putAll(Map.of("JAVA", java, "REPRISE_APP_DIR", PLAIN_APP.toString(), "REPRISE_MIGRATE_AND_EXIT", "true",
                "QUARKUS_HTTP_PORT", String.valueOf(freePort())));
        run(new ProcessBuilder(LAUNCHER.toString()), env, "migrate");
    }

    private static Path train(Map<String, String> cached) throws Exception {
        Path cache = WORK.resolve("app.aot");
        run(new ProcessBuilder(TRAINER.toString(), "--output", cache.toString(), "--port",
                String.valueOf(freePort())), cached, "training");
        return cache;
    }

    private static void run(ProcessBuilder pb, Map<String, String> env, String name) throws Exception {
        Path log = WORK.resolve(name + ".log");
        pb.directory(WORK.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        clear(pb.environment());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(name + " failed; see " + log + ":\n" + Files.readString(log));
        }
    }

    private static void clear(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("REPRISE_") || k.startsWith("QUARKUS_") || k.equals("JAVA_OPTS")
                || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
    }

    private static String version(Path java) throws Exception {
        Process p = new ProcessBuilder(java.toString(), "-XshowSettings:properties", "-version")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out.lines().map(String::strip).filter(l -> l.startsWith("java.version = ")).findFirst()
                .map(l -> l.substring("java.version = ".length())).orElse("?");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
