package dev.reprise.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The YAML documents of the Kubernetes manifests, read the way kubectl reads them: several per file. */
final class Manifests {

    static final Path K8S = Path.of("k8s");
    static final Path GENERATED_KNATIVE = Path.of("target", "kubernetes", "knative.yml");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One YAML document of one file. */
    record Doc(Path file, JsonNode node) {
        String kind() {
            return node.path("kind").asText();
        }

        String apiVersion() {
            return node.path("apiVersion").asText();
        }

        String name() {
            return node.path("metadata").path("name").asText();
        }

        @Override
        public String toString() {
            return file.getFileName() + ": " + kind() + " " + name();
        }
    }

    private Manifests() {
    }

    /** Every document of every {@code .yaml}/{@code .yml} file under {@code k8s/}, in file name order. */
    static List<Doc> all() {
        try (Stream<Path> files = Files.walk(K8S)) {
            List<Doc> docs = new ArrayList<>();
            for (Path file : files.filter(Manifests::isYaml).sorted().toList()) {
                docs.addAll(read(file));
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isYaml(Path p) {
        String name = p.getFileName().toString();
        return Files.isRegularFile(p) && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    /** The documents of one file; empty documents (a trailing {@code ---}) are left out. */
    static List<Doc> read(Path file) {
        try (JsonParser parser = YAML.getFactory().createParser(file.toFile())) {
            List<Doc> docs = new ArrayList<>();
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    docs.add(new Doc(file, node));
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    static Doc one(List<Doc> docs, String kind, String apiVersionPrefix) {
        List<Doc> found = docs.stream()
                .filter(d -> d.kind().equals(kind) && d.apiVersion().startsWith(apiVersionPrefix)).toList();
        if (found.size() != 1) {
            throw new AssertionError("Expected exactly one " + kind + " (" + apiVersionPrefix + ") but found " + found);
        }
        return found.get(0);
    }

    static Optional<Doc> find(List<Doc> docs, String kind, String name) {
        return docs.stream().filter(d -> d.kind().equals(kind) && d.name().equals(name)).findFirst();
    }

    /** The pod template's containers of a Knative Service, a Deployment, a StatefulSet or a Job. */
    static JsonNode containers(Doc workload) {
        return workload.node().path("spec").path("template").path("spec").path("containers");
    }

    /** The single container of a workload. */
    static JsonNode container(Doc workload) {
        JsonNode containers = containers(workload);
        if (containers.size() != 1) {
            throw new AssertionError(workload + " should have exactly one container, has " + containers.size());
        }
        return containers.get(0);
    }

    /** A container's env, by variable name, in order. */
    static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        for (JsonNode var : container.path("env")) {
            if (env.put(var.path("name").asText(), var) != null) {
                throw new AssertionError("env " + var.path("name").asText() + " is set twice");
            }
        }
        return env;
    }

    /** The keys of a Secret, from {@code stringData} and {@code data}. */
    static List<String> secretKeys(Doc secret) {
        List<String> keys = new ArrayList<>();
        secret.node().path("stringData").fieldNames().forEachRemaining(keys::add);
        secret.node().path("data").fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
