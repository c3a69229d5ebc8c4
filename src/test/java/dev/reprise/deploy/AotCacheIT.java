package dev.reprise.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
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
 * The JVM image's start, run without a container engine: {@code deploy/aot-train.sh} makes an AOT cache for the
 * packaged aot-jar layout ({@code target/quarkus-app-aot}) with Java 25, as the image build does, and the service is
 * then started the way {@code deploy/Dockerfile.jvm}'s entry point starts it (read from the Dockerfile), with the
 * Knative Service's environment (read from {@code k8s/service.yaml}), from another working directory. It must load
 * its classes from the cache and answer; a cache that does not fit the application's jar files must stop the JVM,
 * never be ignored quietly.
 *
 * <p>Needs Java 25: {@code -Dreprise.java25=/path/to/jdk} or {@code JAVA25_HOME}, by default
 * {@code /usr/lib/jvm/temurin-25-jdk-amd64}. Without it the test fails and says so. Also needs curl (the training
 * script drives the service with it).
 */
class AotCacheIT {

    static final Path APP = Path.of("target", "quarkus-app-aot").toAbsolutePath();
    static final Path WORK = Path.of("target", "aot-it").toAbsolutePath();
    static final Path CACHE = WORK.resolve("app.aot");
    static final String DATABASE = "reprise_it_aot_cache";
    static final String API_KEY = "it-key";
    static final String IMAGE_APP_DIR = "/deployments";
    /** Of the classes loaded up to the first answered request, at least this share must come from the cache. */
    static final double CACHED_SHARE = 0.9;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Path java25;
    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void trainTheCache() throws Exception {
        java25 = java25();
        assertThat(APP.resolve("quarkus-run.jar")).as("run through ./mvnw verify, which packages "
                + "target/quarkus-app-aot first").exists();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
        Files.createDirectories(WORK);
        Files.deleteIfExists(CACHE);
        Path log = WORK.resolve("training.log");
        ProcessBuilder training = new ProcessBuilder(Path.of("deploy", "aot-train.sh").toAbsolutePath().toString(),
                "--output", CACHE.toString(), "--port", String.valueOf(freePort()))
                .directory(WORK.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        clearAppEnvironment(training.environment());
        training.environment().putAll(Map.of("JAVA", java25.toString(), "REPRISE_APP_DIR", APP.toString(),
                "REPRISE_DATASOURCE_DATABASE", DATABASE));
        Process p = training.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the training run ends; log " + log).isTrue();
        assertThat(p.exitValue()).as("deploy/aot-train.sh exit code; its output:\n" + Files.readString(log))
                .isZero();
        assertThat(CACHE).isNotEmptyFile();
    }

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void serviceStartedAsTheImageStartsIt_loadsItsClassesFromTheCacheAndAnswers() throws Exception {
        JvmImage image = JvmImage.read();
        List<String> entrypoint = image.entrypoint();
        assertThat(entrypoint).as("the image's ENTRYPOINT runs the launcher alone").hasSize(1);
        assertThat(image.sourceOf(entrypoint.get(0))).as("the ENTRYPOINT is deploy/launch.sh, copied into the image")
                .contains(Path.of("deploy", "launch.sh"));
        Map<String, String> imageEnv = image.env();
        assertThat(imageEnv).as("the image's environment").containsEntry("REPRISE_APP_DIR", IMAGE_APP_DIR)
                .containsKey("REPRISE_AOT_CACHE").doesNotContainKey("JAVA_OPTS");
        assertThat(imageEnv.getOrDefault("REPRISE_AOT_MODE", "on")).as("a cache that does not fit stops the JVM")
                .isEqualTo("on");
        assertThat(imageEnv.get("REPRISE_AOT_CACHE")).as("the cache lives in the application directory")
                .startsWith(IMAGE_APP_DIR + "/");

        // The image's environment with its directory mapped onto this build's, then the Service's.
        Map<String, String> env = new LinkedHashMap<>();
        imageEnv.forEach((name, value) -> env.put(name, value.replace(IMAGE_APP_DIR, APP.toString())));
        env.put("REPRISE_AOT_CACHE", CACHE.toString());
        env.putAll(serviceEnvironment());
        int port = freePort();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("JAVA", java25.toString());
        Path classLog = WORK.resolve("class-load.log");
        Files.deleteIfExists(classLog);
        env.put("JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog);

        Path log = WORK.resolve("service.log");
        Process service = launch(env, log);
        awaitReady(service, port, log);
        HttpResponse<String> started = send(port, "POST", "/runtime/webhooks/durabletask/orchestrators/HelloCities");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        long cached = 0;
        long loaded = 0;
        try (Stream<String> lines = Files.lines(classLog)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.contains(" source: ")) {
                    loaded++;
                    if (line.contains("source: shared objects file")) {
                        cached++;
                    }
                }
            }
        }
        System.out.printf("AotCacheIT: %d of %d classes loaded up to the first request came from the cache%n",
                cached, loaded);
        assertThat(loaded).as("classes in " + classLog).isGreaterThan(1000);
        assertThat((double) cached / loaded).as(cached + " of " + loaded + " classes from the cache; see " + classLog)
                .isGreaterThanOrEqualTo(CACHED_SHARE);
        assertThat(Files.readString(log)).as("the launcher says which cache it uses")
                .contains("AOT cache " + CACHE.toRealPath() + " (AOTMode=on)");

        String id = JSON.readTree(started.body()).path("id").asText();
        JsonNode status = awaitFinished(port, id);
        assertThat(status.path("runtimeStatus").asText()).as(status.toString()).isEqualTo("Completed");
        assertThat(status.path("output").toString())
                .isEqualTo("[\"Hello Tokyo!\",\"Hello Seattle!\",\"Hello London!\"]");
    }

    /**
     * A copy of the application has the same content but new file times, which the JVM cannot tell from a rebuilt
     * application: as when an image's jars are replaced without training its cache again.
     */
    @Test
    void cacheOfOtherJarFiles_stopsTheJvmWithItsReason() throws Exception {
        Path moved = WORK.resolve("rebuilt-app");
        copyTree(APP, moved);
        Map<String, String> env = new LinkedHashMap<>(serviceEnvironment());
        env.putAll(Map.of("JAVA", java25.toString(), "REPRISE_APP_DIR", moved.toString(),
                "REPRISE_AOT_CACHE", CACHE.toString(), "QUARKUS_HTTP_PORT", String.valueOf(freePort())));
        Path log = WORK.resolve("rebuilt-app.log");
        Process p = launch(env, log);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the JVM stops by itself; log " + log).isTrue();
        assertThat(p.exitValue()).as("exit code; log " + log).isNotZero();
        assertThat(Files.readString(log)).as("the JVM names the cache as the reason")
                .contains("AOT cache").doesNotContain("Reprise engine started");
    }

    @Test
    void missingCache_isRefusedByTheLauncher() throws Exception {
        Map<String, String> env = Map.of("JAVA", java25.toString(), "REPRISE_APP_DIR", APP.toString(),
                "REPRISE_AOT_CACHE", WORK.resolve("no-such.aot").toString());
        Path log = WORK.resolve("missing-cache.log");
        Process p = launch(env, log);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(Files.readString(log)).contains("no-such.aot does not exist");
    }

    /** The Java 25 runtime, or a failure that says how to provide one: a missing JDK must not pass quietly. */
    private static Path java25() throws Exception {
        String home = System.getProperty("reprise.java25", System.getenv().getOrDefault("JAVA25_HOME",
                "/usr/lib/jvm/temurin-25-jdk-amd64"));
        Path java = Path.of(home, "bin", "java");
        assertThat(java).as("AotCacheIT needs a Java 25 runtime to make and use an AOT cache; none at " + home
                + ". Install Temurin 25 there, or point -Dreprise.java25 or JAVA25_HOME at one").isExecutable();
        Process version = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
        String text = new String(version.getInputStream().readAllBytes());
        version.waitFor();
        assertThat(text).as(java + " -version").containsPattern("version \"(2[5-9]|[3-9][0-9])");
        return java;
    }

    /** The Knative Service's container environment, its Secret references replaced by local values. */
    private static Map<String, String> serviceEnvironment() {
        Manifests.Doc service = Manifests.one(Manifests.all(), "Service", "serving.knative.dev/");
        Map<String, String> local = Map.of("REPRISE_DATASOURCE_HOST", "127.0.0.1", "REPRISE_DATASOURCE_PORT", "5432",
                "REPRISE_DATASOURCE_DATABASE", DATABASE, "REPRISE_DATASOURCE_USERNAME", "postgres",
                "REPRISE_DATASOURCE_PASSWORD", System.getenv().getOrDefault("REPRISE_DATASOURCE_PASSWORD", ""),
                "REPRISE_HTTP_API_KEY", API_KEY, "REPRISE_HTTP_TICK_KEY", "it-tick-key");
        Map<String, String> env = new LinkedHashMap<>();
        Manifests.env(Manifests.container(service)).forEach((name, var) -> {
            if (var.has("value")) {
                env.put(name, var.path("value").asText());
            } else {
                assertThat(local).as("a local value for " + name).containsKey(name);
                env.put(name, local.get(name));
            }
        });
        return env;
    }

    /** Starts {@code deploy/launch.sh} from a working directory that is not the application's. */
    private Process launch(Map<String, String> env, Path log) throws IOException {
        Path elsewhere = Files.createDirectories(WORK.resolve("cwd"));
        ProcessBuilder pb = new ProcessBuilder(Path.of("deploy", "launch.sh").toAbsolutePath().toString())
                .directory(elsewhere.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        clearAppEnvironment(pb.environment());
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        return p;
    }

    private static void clearAppEnvironment(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("REPRISE_") || k.startsWith("QUARKUS_") || k.equals("JAVA_OPTS")
                || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
    }

    private static void awaitReady(Process p, int port, Path log) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            assertThat(p.isAlive()).as("the service is running; log:\n" + Files.readString(log)).isTrue();
            try {
                if (send(port, "GET", "/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not ready within 60 s; log " + log + ":\n" + Files.readString(log));
    }

    private static JsonNode awaitFinished(int port, String id) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        JsonNode status;
        do {
            Thread.sleep(100);
            status = JSON.readTree(send(port, "GET", "/runtime/webhooks/durabletask/instances/" + id).body());
        } while (!status.path("runtimeStatus").asText().matches("Completed|Failed|Terminated")
                && Instant.now().isBefore(deadline));
        return status;
    }

    private static HttpResponse<String> send(int port, String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("x-functions-key", API_KEY).timeout(Duration.ofSeconds(10))
                        .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (!source.getFileName().toString().endsWith(".aot")) {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static Connection connect() throws Exception {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        String password = System.getenv("REPRISE_DATASOURCE_PASSWORD");
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", props);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
