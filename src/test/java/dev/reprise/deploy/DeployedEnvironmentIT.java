package dev.reprise.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the packaged service ({@code target/quarkus-app}) the way k8s/ runs its image, with the environment those
 * manifests set (Secret values replaced by the local PostgreSQL): first as the migration Job, which must migrate and
 * exit 0 without starting the engine, twice (a re-deploy); then as the Knative Service, which must neither create
 * the database nor migrate, and run an orchestration on the schema the Job made.
 */
class DeployedEnvironmentIT {

    static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    static final String DATABASE = "reprise_it_migration_job";
    static final String API_KEY = "it-key";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void freshDatabase() throws Exception {
        assertThat(JAR).as("run through ./mvnw verify, which packages the service first").exists();
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + DATABASE); // as CloudNativePG or the postgres image would
        }
    }

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void jobMigratesAndExits_thenTheServiceRunsOnThatSchemaWithoutMigrating() throws Exception {
        Manifests.Doc job = Manifests.one(Manifests.all(), "Job", "batch/");
        Manifests.Doc service = Manifests.one(Manifests.all(), "Service", "serving.knative.dev/");
        int migrations;
        try (Stream<Path> s = Files.list(Path.of("src", "main", "resources", "db", "migration"))) {
            migrations = (int) s.count();
        }

        for (int run = 1; run <= 2; run++) {
            Path log = Path.of("target", "it-logs", "migration-job-" + run + ".log");
            Process p = start(environment(Manifests.container(job), freePort()), log);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the Job's process exits; log " + log).isTrue();
            assertThat(p.exitValue()).as("exit code of run " + run + "; log " + log).isZero();
            assertThat(Files.readString(log)).as("the engine must not start in the Job")
                    .doesNotContain("Reprise engine started");
            assertThat(appliedMigrations()).as("after run " + run).isEqualTo(migrations);
        }

        int port = freePort();
        Path log = Path.of("target", "it-logs", "migration-job-service.log");
        start(environment(Manifests.container(service), port), log);
        awaitReady(port, log);
        assertThat(Files.readString(log)).as("the Service must not migrate").doesNotContain("migrations applied now")
                .doesNotContain("Created database");

        HttpResponse<String> started = send(port, "POST", "/runtime/webhooks/durabletask/orchestrators/HelloCities");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = JSON.readTree(started.body()).path("id").asText();
        Instant deadline = Instant.now().plusSeconds(30);
        JsonNode status;
        do {
            Thread.sleep(200);
            status = JSON.readTree(send(port, "GET", "/runtime/webhooks/durabletask/instances/" + id).body());
        } while (!status.path("runtimeStatus").asText().equals("Completed") && Instant.now().isBefore(deadline));
        assertThat(status.path("runtimeStatus").asText()).as(status.toString()).isEqualTo("Completed");
        assertThat(status.path("output").toString()).isEqualTo("[\"Hello Tokyo!\",\"Hello Seattle!\",\"Hello London!\"]");
    }

    /**
     * The container's environment with the Secret references replaced by the local test database's settings; a
     * reference this test has no local value for fails it, so a new Secret key gets one here.
     */
    private static Map<String, String> environment(JsonNode container, int port) {
        Map<String, String> local = new LinkedHashMap<>();
        local.put("REPRISE_DATASOURCE_HOST", "127.0.0.1");
        local.put("REPRISE_DATASOURCE_PORT", "5432");
        local.put("REPRISE_DATASOURCE_DATABASE", DATABASE);
        local.put("REPRISE_DATASOURCE_USERNAME", "postgres");
        local.put("REPRISE_DATASOURCE_PASSWORD", System.getenv().getOrDefault("REPRISE_DATASOURCE_PASSWORD", ""));
        local.put("REPRISE_HTTP_API_KEY", API_KEY);
        local.put("REPRISE_HTTP_TICK_KEY", "it-tick-key");

        Map<String, String> env = new LinkedHashMap<>();
        Manifests.env(container).forEach((name, var) -> {
            if (var.has("value")) {
                env.put(name, var.path("value").asText());
            } else {
                assertThat(local).as("a local value for " + name).containsKey(name);
                env.put(name, local.get(name));
            }
        });
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        return env;
    }

    private Process start(Map<String, String> env, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                JAR.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("REPRISE_") || k.startsWith("QUARKUS_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        return p;
    }

    private static void awaitReady(int port, Path log) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (send(port, "GET", "/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not ready within 60 s; log " + log + ":\n" + Files.readString(log));
    }

    private static HttpResponse<String> send(int port, String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("x-functions-key", API_KEY).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static int appliedMigrations() throws Exception {
        try (Connection c = connect(DATABASE); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM reprise_schema_history WHERE success AND version IS "
                     + "NOT NULL")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Connection connect(String database) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        String password = System.getenv("REPRISE_DATASOURCE_PASSWORD");
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, props);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
