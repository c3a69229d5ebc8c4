package dev.reprise.bench;

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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Launches the packaged service ({@code target/quarkus-app/quarkus-run.jar}) as its own process and times process
 * start to the first 200 from {@code /q/health/ready}; also reads the process's resident memory at that moment.
 */
final class StartToReady {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    record Launch(double millis, long rssBytes) {
    }

    private StartToReady() {
    }

    static List<Launch> measure(int runs, String database) throws Exception {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the benchmark through bench/run, which packages "
                    + "the application first");
        }
        List<Launch> launches = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            launches.add(launch(database, r));
        }
        return launches;
    }

    private static Launch launch(String database, int run) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Path.of("target", "bench-logs", "start-" + run + ".log");
        Files.createDirectories(log.getParent());
        long started = System.nanoTime();
        Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Dquarkus.http.port=" + port, "-Dreprise.datasource.database=" + database, "-jar", JAR.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
            long deadline = started + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
                }
                try {
                    if (HTTP.send(HttpRequest.newBuilder(ready).GET().build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode() == 200) {
                        double millis = (System.nanoTime() - started) / 1e6;
                        return new Launch(millis, rss(process.pid()));
                    }
                } catch (IOException notListeningYet) {
                    // the HTTP server is not up yet
                }
                Thread.sleep(5);
            }
            throw new IllegalStateException("the service was not ready within 60 s; see " + log);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }
}
