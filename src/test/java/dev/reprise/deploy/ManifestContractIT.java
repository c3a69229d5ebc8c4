package dev.reprise.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.deploy.Manifests.Doc;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The contract between the Kubernetes manifests under {@code k8s/} and the application they deploy: the PingSource
 * calls a route that exists, probes hit the health endpoints, every Secret key and variable the pods get is one the
 * app reads, the migration Job migrates and the Service does not, the database and the Secret agree, and the
 * committed Knative Service agrees with the one Quarkus generates ({@code target/kubernetes/knative.yml}).
 *
 * <p>Plain JUnit, no Quarkus: it reads the YAML and the compiled classes. It runs with the integration tests, after
 * {@code package}, so the generated manifest it compares with is the one of this build.
 */
class ManifestContractIT {

    static final String TICK_ROUTE = "/runtime/webhooks/durabletask/tick";
    static final String LIVE = "/q/health/live";
    static final String READY = "/q/health/ready";
    /** Files that exist but are left out of kustomization.yaml on purpose (documented alternatives). */
    static final Set<String> ALTERNATIVES = Set.of("postgres-statefulset.yaml");

    /**
     * The Quarkus settings the manifests set through the environment, each with the Quarkus config method that reads
     * it; the test checks the method still exists, so a Quarkus upgrade that renames one fails here, not in a
     * cluster.
     */
    static final Map<String, String> QUARKUS_ENV = Map.of(
            "QUARKUS_FLYWAY_CONNECT_RETRIES", "io.quarkus.flyway.runtime.FlywayDataSourceRuntimeConfig#connectRetries");

    static List<Doc> docs;
    static Doc service;
    static Doc job;
    static Doc pingSource;

    @BeforeAll
    static void load() {
        docs = Manifests.all();
        service = Manifests.one(docs, "Service", "serving.knative.dev/");
        job = Manifests.one(docs, "Job", "batch/");
        pingSource = Manifests.one(docs, "PingSource", "sources.knative.dev/");
    }

    @Test
    void everyDocument_namesItsApiVersionKindAndName() {
        assertThat(docs).hasSizeGreaterThanOrEqualTo(7);
        for (Doc d : docs) {
            if (d.file().getFileName().toString().equals("kustomization.yaml")) {
                continue;
            }
            assertThat(d.apiVersion()).as(d.file() + " apiVersion").isNotBlank();
            assertThat(d.kind()).as(d.file() + " kind").isNotBlank();
            assertThat(d.name()).as(d.file() + " metadata.name").isNotBlank();
        }
    }

    @Test
    void kustomization_listsEveryManifestButTheDocumentedAlternatives() throws Exception {
        Doc kustomization = Manifests.read(Manifests.K8S.resolve("kustomization.yaml")).get(0);
        List<String> resources = new ArrayList<>();
        kustomization.node().path("resources").forEach(r -> resources.add(r.asText()));
        List<String> files;
        try (Stream<Path> s = Files.list(Manifests.K8S)) {
            files = s.filter(Manifests::isYaml).map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("kustomization.yaml")).sorted().toList();
        }
        for (String r : resources) {
            assertThat(Manifests.K8S.resolve(r)).as("kustomization.yaml lists " + r).exists();
        }
        for (String f : files) {
            if (ALTERNATIVES.contains(f)) {
                assertThat(resources).as(f + " is an alternative, not deployed by default").doesNotContain(f);
            } else {
                assertThat(resources).as("kustomization.yaml should list " + f).contains(f);
            }
        }
        // The images transformer must match the image the Service and the Job carry.
        String image = Manifests.container(service).path("image").asText();
        List<String> imageNames = new ArrayList<>();
        kustomization.node().path("images").forEach(i -> imageNames.add(i.path("name").asText()));
        assertThat(imageNames).as("kustomization images: name matching " + image).contains(imageName(image));
    }

    @Test
    void pingSource_callsTheTickRouteOfTheServiceEveryMinute() {
        JsonNode spec = pingSource.node().path("spec");
        assertThat(spec.path("schedule").asText()).isEqualTo("* * * * *");
        JsonNode ref = spec.path("sink").path("ref");
        assertThat(ref.path("apiVersion").asText()).isEqualTo("serving.knative.dev/v1");
        assertThat(ref.path("kind").asText()).isEqualTo("Service");
        assertThat(ref.path("name").asText()).isEqualTo(service.name());

        URI uri = URI.create(spec.path("sink").path("uri").asText());
        assertThat(uri.getPath()).isEqualTo(TICK_ROUTE);
        assertThat(uri.getRawQuery()).as("the sink URI carries the tick-only key's placeholder, never a real key")
                .isEqualTo("code=CHANGE-ME-TICK");

        List<CompiledApp.Route> routes = CompiledApp.routes();
        if (routes.stream().noneMatch(r -> r.matches("POST", uri.getPath()))) {
            fail("The PingSource in k8s/pingsource.yaml POSTs to " + uri.getPath() + " but the application has no "
                    + "such route: the tick endpoint (POST " + TICK_ROUTE + ") is missing. Routes found: " + routes);
        }
    }

    @Test
    void service_probesTheHealthEndpoints() {
        JsonNode c = Manifests.container(service);
        assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo(LIVE);
        assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo(READY);
    }

    @Test
    void service_readinessProbe_isKnativesAggressiveProbe() {
        JsonNode probe = Manifests.container(service).path("readinessProbe");
        assertThat(probe.path("periodSeconds").asInt(-1))
                .as("periodSeconds 0: the queue-proxy probes every 50 ms from the pod's start, so a cold start's "
                        + "request is forwarded as soon as the service is ready, not at the next probe period")
                .isZero();
        assertThat(probe.path("timeoutSeconds").asInt(-1)).as("Knative rejects timeoutSeconds with periodSeconds 0")
                .isZero();
        assertThat(probe.path("failureThreshold").asInt(-1))
                .as("Knative rejects failureThreshold with periodSeconds 0").isZero();
    }

    @Test
    void workloads_keepTheImagesEntryPoint() {
        for (Doc workload : List.of(service, job)) {
            JsonNode c = Manifests.container(workload);
            for (String field : List.of("command", "args", "workingDir")) {
                assertThat(c.has(field)).as(workload + " sets " + field + ": the image's entry point "
                        + "(deploy/launch.sh) starts the JVM with the AOT cache the image was built with; another "
                        + "command would start without it").isFalse();
            }
        }
    }

    @Test
    void service_scalesToZero_withABoundedMaximum() {
        JsonNode annotations = templateAnnotations(service);
        assertThat(annotations.path("autoscaling.knative.dev/min-scale").isTextual()).as("quoted").isTrue();
        assertThat(annotations.path("autoscaling.knative.dev/min-scale").asText()).isEqualTo("0");
        assertThat(annotations.path("autoscaling.knative.dev/max-scale").asInt()).isPositive();
    }

    @Test
    void everySecretKeyTheWorkloadsReference_existsInSecretYaml() {
        for (Doc workload : List.of(service, job)) {
            for (Map.Entry<String, JsonNode> var : Manifests.env(Manifests.container(workload)).entrySet()) {
                JsonNode ref = var.getValue().path("valueFrom").path("secretKeyRef");
                if (ref.isMissingNode()) {
                    continue;
                }
                String secretName = ref.path("name").asText();
                Doc secret = Manifests.find(docs, "Secret", secretName).orElseThrow(() -> new AssertionError(
                        workload + " env " + var.getKey() + " reads Secret " + secretName
                                + ", which secret.yaml does not define"));
                assertThat(secret.file().getFileName().toString()).isEqualTo("secret.yaml");
                assertThat(Manifests.secretKeys(secret)).as(workload + " env " + var.getKey() + " reads key "
                        + ref.path("key").asText() + " of Secret " + secretName).contains(ref.path("key").asText());
            }
        }
    }

    @Test
    void everyVariableTheWorkloadsSet_isASettingTheAppReads() throws Exception {
        Set<String> properties = CompiledApp.configProperties();
        assertThat(properties).as("found by reflection").contains("reprise.datasource.host", "reprise.http.api-key");
        Map<String, String> byEnv = new TreeMap<>();
        properties.forEach(p -> byEnv.put(CompiledApp.envName(p), p));

        for (Doc workload : List.of(service, job)) {
            for (String var : Manifests.env(Manifests.container(workload)).keySet()) {
                if (QUARKUS_ENV.containsKey(var)) {
                    String[] target = QUARKUS_ENV.get(var).split("#");
                    assertThat(Class.forName(target[0]).getMethod(target[1])).as(var).isNotNull();
                } else {
                    assertThat(byEnv).as(workload + " sets " + var + ", which maps to no reprise.* setting of "
                            + "RepriseConfig/HttpConfig (nor a known Quarkus one)").containsKey(var);
                }
            }
        }
        // The database and the API key come from the Secret, in the Service.
        Map<String, JsonNode> env = Manifests.env(Manifests.container(service));
        for (String var : List.of("REPRISE_DATASOURCE_HOST", "REPRISE_DATASOURCE_PORT", "REPRISE_DATASOURCE_DATABASE",
                "REPRISE_DATASOURCE_USERNAME", "REPRISE_DATASOURCE_PASSWORD", "REPRISE_HTTP_API_KEY",
                "REPRISE_HTTP_TICK_KEY")) {
            assertThat(env).as("Service env").containsKey(var);
            assertThat(env.get(var).path("valueFrom").has("secretKeyRef")).as(var + " from a Secret").isTrue();
        }
    }

    @Test
    void migrationJob_migratesAndExits_theServiceDoesNeither() {
        Map<String, String> jobEnv = plainValues(Manifests.container(job));
        assertThat(jobEnv).containsEntry("REPRISE_MIGRATE_AND_EXIT", "true");
        assertThat(job.node().path("spec").path("template").path("spec").path("restartPolicy").asText())
                .isIn("Never", "OnFailure");

        Map<String, String> serviceEnv = plainValues(Manifests.container(service));
        assertThat(serviceEnv).containsEntry("REPRISE_DATASOURCE_MIGRATE_AT_START", "false")
                .containsEntry("REPRISE_DATASOURCE_CREATE_DATABASE", "false")
                .doesNotContainKeys("REPRISE_MIGRATE_AND_EXIT");

        // Same image, same database settings.
        assertThat(Manifests.container(job).path("image").asText())
                .isEqualTo(Manifests.container(service).path("image").asText());
        assertThat(secretRefs(Manifests.container(job)))
                .isEqualTo(filter(secretRefs(Manifests.container(service)), "REPRISE_DATASOURCE_"));
    }

    @Test
    void database_agreesWithTheSecret() {
        Doc secret = Manifests.find(docs, "Secret", "reprise-db").orElseThrow();
        JsonNode data = secret.node().path("stringData");
        Doc cluster = Manifests.one(docs, "Cluster", "postgresql.cnpg.io/");
        JsonNode initdb = cluster.node().path("spec").path("bootstrap").path("initdb");
        assertThat(data.path("host").asText()).as("CloudNativePG's read-write Service")
                .isEqualTo(cluster.name() + "-rw");
        assertThat(data.path("database").asText()).isEqualTo(initdb.path("database").asText());
        assertThat(data.path("username").asText()).isEqualTo(initdb.path("owner").asText());
        assertThat(initdb.path("secret").path("name").asText()).isEqualTo(secret.name());
        assertThat(secret.node().path("type").asText()).as("CloudNativePG reads username/password")
                .isEqualTo("kubernetes.io/basic-auth");

        Doc statefulSet = Manifests.one(docs, "StatefulSet", "apps/");
        assertThat(statefulSet.file().getFileName().toString()).isEqualTo("postgres-statefulset.yaml");
        Doc pgService = Manifests.find(docs, "Service", data.path("host").asText()).orElseThrow(
                () -> new AssertionError("postgres-statefulset.yaml must name its Service like the Secret's host"));
        assertThat(pgService.file()).isEqualTo(statefulSet.file());
        assertThat(statefulSet.node().path("spec").path("serviceName").asText()).isEqualTo(pgService.name());
        Map<String, String> pgEnv = secretRefs(Manifests.container(statefulSet));
        assertThat(pgEnv).containsEntry("POSTGRES_USER", "reprise-db/username")
                .containsEntry("POSTGRES_PASSWORD", "reprise-db/password")
                .containsEntry("POSTGRES_DB", "reprise-db/database");
    }

    @Test
    void committedService_agreesWithTheGeneratedOne() {
        Assumptions.assumeTrue(Files.exists(Manifests.GENERATED_KNATIVE),
                Manifests.GENERATED_KNATIVE + " does not exist (it is written by ./mvnw package)");
        Doc generated = Manifests.one(Manifests.read(Manifests.GENERATED_KNATIVE), "Service", "serving.knative.dev/");
        assertThat(generated.name()).isEqualTo(service.name());

        assertThat(scaleAnnotations(service)).as("autoscaling annotations of k8s/service.yaml vs generated")
                .isNotEmpty().isEqualTo(scaleAnnotations(generated));

        JsonNode committed = Manifests.container(service);
        JsonNode gen = Manifests.container(generated);
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
            assertThat(probeOf(committed.path(probe))).as(probe + " of k8s/service.yaml vs generated")
                    .isEqualTo(probeOf(gen.path(probe)));
        }
        assertThat(envOf(committed)).as("env of k8s/service.yaml vs generated").isEqualTo(envOf(gen));
        assertThat(committed.path("resources")).as("resources of k8s/service.yaml vs generated")
                .isEqualTo(gen.path("resources"));
        assertThat(committed.path("image").asText()).as("image placeholder").isEqualTo(gen.path("image").asText());
    }

    private static String imageName(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(0, colon) : image;
    }

    private static JsonNode templateAnnotations(Doc d) {
        return d.node().path("spec").path("template").path("metadata").path("annotations");
    }

    private static Map<String, String> scaleAnnotations(Doc d) {
        Map<String, String> out = new TreeMap<>();
        templateAnnotations(d).fields().forEachRemaining(e -> {
            if (e.getKey().startsWith("autoscaling.knative.dev/")) {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
        return out;
    }

    private static Map<String, String> probeOf(JsonNode probe) {
        Map<String, String> out = new TreeMap<>();
        out.put("path", probe.path("httpGet").path("path").asText());
        out.put("scheme", probe.path("httpGet").path("scheme").asText("HTTP"));
        for (String f : List.of("initialDelaySeconds", "periodSeconds", "timeoutSeconds", "successThreshold",
                "failureThreshold")) {
            out.put(f, probe.path(f).asText());
        }
        return out;
    }

    /** Env as name → literal value or {@code secret/key}. */
    private static Map<String, String> envOf(JsonNode container) {
        Map<String, String> out = new TreeMap<>();
        Manifests.env(container).forEach((name, var) -> {
            JsonNode ref = var.path("valueFrom").path("secretKeyRef");
            out.put(name, ref.isMissingNode() ? "=" + var.path("value").asText()
                    : ref.path("name").asText() + "/" + ref.path("key").asText());
        });
        return out;
    }

    private static Map<String, String> plainValues(JsonNode container) {
        Map<String, String> out = new LinkedHashMap<>();
        Manifests.env(container).forEach((name, var) -> {
            if (var.has("value")) {
                out.put(name, var.path("value").asText());
            }
        });
        return out;
    }

    private static Map<String, String> secretRefs(JsonNode container) {
        Map<String, String> out = new TreeMap<>();
        Manifests.env(container).forEach((name, var) -> {
            JsonNode ref = var.path("valueFrom").path("secretKeyRef");
            if (!ref.isMissingNode()) {
                out.put(name, ref.path("name").asText() + "/" + ref.path("key").asText());
            }
        });
        return out;
    }

    private static Map<String, String> filter(Map<String, String> map, String prefix) {
        Map<String, String> out = new TreeMap<>();
        map.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
