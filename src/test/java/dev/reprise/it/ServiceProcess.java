package dev.reprise.it;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The packaged application ({@code target/quarkus-app/quarkus-run.jar}) run as a separate OS process, so tests can
 * stop it the way an operator or a crash would.
 */
final class ServiceProcess implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int port;
    private final Path logFile;

    private ServiceProcess(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /** The lease owner name the engine logged at start. */
    String leaseOwner() throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("started as lease owner (\\S+):").matcher(log());
        if (!m.find()) {
            throw new IllegalStateException("no lease owner in " + logFile);
        }
        return m.group(1);
    }

    /** Everything the process has logged so far. */
    String log() throws IOException {
        return Files.readString(logFile);
    }

    /** Starts the service on a free port against {@code database} and waits until it is ready. */
    static ServiceProcess start(String database, String logName, String... extraProperties) throws Exception {
        return start("/q/health/ready", database, logName, extraProperties);
    }

    /** Starts the service and waits only until it is live (answers), ready or not. */
    static ServiceProcess startLive(String database, String logName, String... extraProperties) throws Exception {
        return start("/q/health/live", database, logName, extraProperties);
    }

    private static ServiceProcess start(String healthPath, String database, String logName,
                                        String... extraProperties) throws Exception {
        int port = freePort();
        List<String> command = command(database, port, extraProperties);
        Path log = Path.of("target", "it-logs", logName + ".log");
        Files.createDirectories(log.getParent());
        Instant launched = Instant.now();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        // A replica left running would join the next test's database, so none outlives the test JVM.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        ServiceProcess service = new ServiceProcess(process, port, log);
        try {
            service.awaitHealth(healthPath, log);
        } catch (Exception | AssertionError e) {
            service.kill();
            throw e;
        }
        System.out.printf("%s: process start to ready in %d ms%n", logName,
                Duration.between(launched, Instant.now()).toMillis());
        return service;
    }

    /**
     * Runs the application to its end (a one-shot mode such as the migration Job) and returns its exit code.
     *
     * @throws AssertionError when it is still running after {@code timeout}
     */
    static int runToExit(String database, String logName, Duration timeout, String... extraProperties)
            throws Exception {
        Path log = Path.of("target", "it-logs", logName + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command(database, freePort(), extraProperties)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(logName + " still running after " + timeout + "; see " + log);
        }
        return process.exitValue();
    }

    private static List<String> command(String database, int port, String... extraProperties) {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the integration tests through 'mvnw verify'");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dreprise.datasource.database=" + database);
        command.add("-Dreprise.polling-interval=1s");
        // Several replicas at once must fit PostgreSQL's default 100 connections with room to spare.
        command.add("-Dreprise.datasource.pool-size=8");
        // Short leases so a killed process's work is taken over within the test's patience.
        command.add("-Dreprise.orchestrations.lease-duration=3s");
        command.add("-Dreprise.activities.lease-duration=3s");
        command.addAll(List.of(extraProperties));
        command.add("-jar");
        command.add(JAR.toString());
        return command;
    }

    private void awaitHealth(String healthPath, Path log) throws Exception {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (get(healthPath).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep polling until the deadline
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Service not ready within " + START_TIMEOUT + "; see " + log);
    }

    /** SIGKILL: the process dies at once, mid-whatever it was doing. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM: a normal stop, as an orchestrator platform sends on scale-down. */
    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Starts orchestrator {@code name} over HTTP and returns the instance ID. */
    String startOrchestration(String name, String inputJson) throws Exception {
        HttpResponse<String> response = post("/runtime/webhooks/durabletask/orchestrators/" + name, inputJson);
        if (response.statusCode() != 202) {
            throw new AssertionError("start " + name + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body()).get("id").asText();
    }

    /** The status document of an instance, with history. */
    JsonNode status(String instanceId) throws Exception {
        HttpResponse<String> r = get("/runtime/webhooks/durabletask/instances/" + instanceId
                + "?showHistory=true&showHistoryOutput=true&historyFormat=reprise");
        return JSON.readTree(r.body());
    }

    /** Polls the instance's status until {@code condition} holds, at most {@code timeout}. */
    JsonNode awaitStatus(String instanceId, Duration timeout, Predicate<JsonNode> condition) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = status(instanceId);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Instance " + instanceId + " did not reach the expected state within " + timeout
                + "; last status: " + last);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
