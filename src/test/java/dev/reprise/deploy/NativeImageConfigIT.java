package dev.reprise.deploy;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.FileSystems;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the native-image configuration that the native build generates, without GraalVM: run
 * {@code ./mvnw -Pnative-sources verify} (or {@code package -Dquarkus.native.enabled=true
 * -Dquarkus.native.sources-only=true}), which writes {@code target/native-sources}: the runner jar, whose
 * {@code META-INF/native-image/} holds the reflection and resource configuration Quarkus generated, and that
 * {@code native-image} would be run on.
 *
 * <p>Every type the engine (de)serialises reflectively with Jackson must be registered for reflection there, or the
 * native executable fails at run time, not at build time. The types are computed from the compiled classes, so a new
 * sample record or history event without {@code @RegisterForReflection} fails this test:
 * <ul>
 *   <li>{@code HistoryEvent} and every record nested in it;</li>
 *   <li>{@code FailureDetails} and {@code HttpManagementPayload} (serialised records);</li>
 *   <li>every record of {@code dev.reprise.http} ({@code ApiError}, {@code InstanceStatus}, ...);</li>
 *   <li>every record a JAX-RS route returns, directly or in a {@code Uni}/{@code List};</li>
 *   <li>every record of {@code dev.reprise.samples}, nested ones of any visibility included: a sample's inputs,
 *       outputs, custom statuses, event data and entity states;</li>
 *   <li>{@code EntityMessage}, the stored payload of a message to an entity.</li>
 * </ul>
 * Every entity class of the application ({@code AbstractTaskEntity} subclasses, whose operations the engine finds by
 * reflection on their public methods) must be registered with its methods, and the classes computed must include the
 * samples' entities.
 * It also checks that every Flyway migration is included as a resource.
 *
 * <p>Skipped when {@code target/native-sources} does not exist, or is older than the compiled classes (left over
 * from an earlier build).
 */
class NativeImageConfigIT {

    static final Path NATIVE_SOURCES = Path.of("target", "native-sources");
    static final Path MIGRATIONS = Path.of("src", "main", "resources", "db", "migration");
    static final ObjectMapper JSON = new ObjectMapper();

    /** Reflection entries by type name, merged over every configuration file. */
    static final Map<String, List<JsonNode>> reflection = new HashMap<>();
    /** Resource includes: regular expressions (legacy resource-config.json) and globs (reachability metadata). */
    static final List<Pattern> resourceIncludes = new ArrayList<>();
    static final List<PathMatcher> resourceGlobs = new ArrayList<>();
    static final Set<String> configFiles = new TreeSet<>();
    static final Set<String> jarEntries = new TreeSet<>();

    @BeforeAll
    static void readGeneratedConfiguration() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(NATIVE_SOURCES), NATIVE_SOURCES + " does not exist; run "
                + "./mvnw -Pnative-sources verify to generate it and run this check");
        Path runner;
        try (Stream<Path> s = Files.list(NATIVE_SOURCES)) {
            runner = s.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst().orElseThrow(
                    () -> new AssertionError("no *-runner.jar in " + NATIVE_SOURCES));
        }
        Instant built = Files.getLastModifiedTime(runner).toInstant();
        Assumptions.assumeTrue(!built.isBefore(CompiledApp.newestClass()), runner + " is older than the compiled "
                + "classes (left over from an earlier build); run ./mvnw -Pnative-sources verify");

        try (ZipFile jar = new ZipFile(runner.toFile())) {
            for (ZipEntry entry : jar.stream().toList()) {
                jarEntries.add(entry.getName());
                if (entry.getName().startsWith("META-INF/native-image/") && entry.getName().endsWith(".json")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        read(runner.getFileName() + "!/" + entry.getName(), JSON.readTree(in));
                    }
                }
            }
        }
        // Loose configuration files next to the jar, should a Quarkus version write them there.
        try (Stream<Path> s = Files.walk(NATIVE_SOURCES)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".json")).toList()) {
                read(p.toString(), JSON.readTree(p.toFile()));
            }
        }
        assertThat(reflection).as("reflection entries in " + configFiles).isNotEmpty();
    }

    /** Reads reflect-config.json / resource-config.json (legacy) or reachability-metadata.json (GraalVM 23+). */
    private static void read(String source, JsonNode config) {
        String file = source.substring(source.lastIndexOf('/') + 1);
        switch (file) {
            case "reflect-config.json" -> {
                configFiles.add(source);
                config.forEach(NativeImageConfigIT::addReflection);
            }
            case "resource-config.json" -> {
                configFiles.add(source);
                addResources(config.path("resources").path("includes"));
                addResources(config.path("resources"));
            }
            case "reachability-metadata.json" -> {
                configFiles.add(source);
                config.path("reflection").forEach(NativeImageConfigIT::addReflection);
                addResources(config.path("resources"));
            }
            default -> {
            }
        }
    }

    private static void addReflection(JsonNode entry) {
        JsonNode type = entry.has("type") ? entry.path("type") : entry.path("name");
        if (type.isTextual()) {
            reflection.computeIfAbsent(type.asText(), k -> new ArrayList<>()).add(entry);
        }
    }

    private static void addResources(JsonNode includes) {
        if (!includes.isArray()) {
            return;
        }
        for (JsonNode include : includes) {
            if (include.has("pattern")) {
                resourceIncludes.add(Pattern.compile(include.path("pattern").asText()));
            } else if (include.has("glob")) {
                resourceGlobs.add(FileSystems.getDefault().getPathMatcher("glob:" + include.path("glob").asText()));
            }
        }
    }

    /** The types Jackson reads or writes by reflection, computed from the compiled classes. */
    static Set<Class<?>> serialisedTypes() {
        Set<Class<?>> types = new LinkedHashSet<>();
        types.add(CompiledApp.load("dev.reprise.api.HistoryEvent"));
        CompiledApp.classes("dev.reprise.api.HistoryEvent$").stream().filter(Class::isRecord).forEach(types::add);
        types.add(CompiledApp.load("dev.reprise.api.FailureDetails"));
        types.add(CompiledApp.load("dev.reprise.http.HttpManagementPayload"));
        CompiledApp.classes("dev.reprise.http.").stream().filter(Class::isRecord).forEach(types::add);
        types.addAll(CompiledApp.recordsReturnedByRoutes());
        CompiledApp.classes("dev.reprise.samples.").stream().filter(Class::isRecord).forEach(types::add);
        types.add(CompiledApp.load("dev.reprise.history.EntityMessage"));
        return types;
    }

    /** The classes whose public methods entity dispatch finds by reflection, computed from the compiled classes. */
    static Set<Class<?>> entityClasses() {
        Class<?> base = CompiledApp.load("dev.reprise.api.AbstractTaskEntity");
        Set<Class<?>> out = new LinkedHashSet<>();
        CompiledApp.classes("dev.reprise.").stream()
                .filter(c -> c != base && base.isAssignableFrom(c)).forEach(out::add);
        return out;
    }

    @Test
    void everyEntityClass_isRegisteredWithItsMethods() {
        Set<Class<?>> entities = entityClasses();
        assertThat(entities.stream().map(Class::getName)).contains("dev.reprise.samples.Counter",
                "dev.reprise.samples.BankAccount", "dev.reprise.samples.Aggregator");

        List<String> problems = new ArrayList<>();
        for (Class<?> type : entities) {
            List<JsonNode> entries = reflection.get(type.getName());
            if (entries == null || entries.stream().noneMatch(e -> flag(e, "allPublicMethods")
                    || flag(e, "allDeclaredMethods"))) {
                problems.add(type.getName() + (entries == null ? ": not registered" : ": registered without methods"));
            }
        }
        assertThat(problems).as("Entity classes must carry @RegisterForReflection so their operation methods exist "
                + "in the native image").isEmpty();
    }

    @Test
    void everyTypeTheEngineSerialisesReflectively_isRegisteredForReflection() {
        Set<Class<?>> types = serialisedTypes();
        // The computation itself must find what it is meant to find.
        assertThat(types.stream().map(Class::getName)).contains(
                "dev.reprise.api.HistoryEvent$TaskScheduled", "dev.reprise.api.HistoryEvent$ContinueAsNew",
                "dev.reprise.api.FailureDetails", "dev.reprise.http.HttpManagementPayload",
                "dev.reprise.http.ApiError", "dev.reprise.http.InstanceStatus",
                "dev.reprise.samples.BookTrip$TripRequest", "dev.reprise.samples.Approval$ApprovalResponse");
        assertThat(types.stream().filter(t -> t.getName().startsWith("dev.reprise.api.HistoryEvent$")).count())
                .as("every permitted HistoryEvent").isEqualTo(
                        CompiledApp.load("dev.reprise.api.HistoryEvent").getPermittedSubclasses().length);

        List<String> problems = new ArrayList<>();
        for (Class<?> type : types) {
            List<JsonNode> entries = reflection.get(type.getName());
            if (entries == null) {
                problems.add(type.getName() + ": not registered");
                continue;
            }
            boolean constructors = entries.stream().anyMatch(e -> flag(e, "allDeclaredConstructors")
                    || flag(e, "allPublicConstructors"));
            boolean methods = entries.stream().anyMatch(e -> flag(e, "allDeclaredMethods")
                    || flag(e, "allPublicMethods"));
            boolean fields = entries.stream().anyMatch(e -> flag(e, "allDeclaredFields")
                    || flag(e, "allPublicFields"));
            if (!type.isInterface() && !(constructors && methods && fields)) {
                problems.add(type.getName() + ": registered without all of constructors=" + constructors
                        + ", methods=" + methods + ", fields=" + fields);
            }
        }
        assertThat(problems).as("Types Jackson (de)serialises by reflection must be registered for the native "
                + "image: annotate each with @io.quarkus.runtime.annotations.RegisterForReflection. Checked "
                + types.size() + " types against " + configFiles).isEmpty();
    }

    @Test
    void everyMigration_isInTheJarAndIncludedAsAResource() throws IOException {
        List<String> migrations;
        try (Stream<Path> s = Files.list(MIGRATIONS)) {
            migrations = s.map(p -> "db/migration/" + p.getFileName()).sorted().toList();
        }
        assertThat(migrations).isNotEmpty();
        for (String m : migrations) {
            assertThat(jarEntries).as("runner jar").contains(m);
            boolean included = resourceIncludes.stream().anyMatch(p -> p.matcher(m).matches())
                    || resourceGlobs.stream().anyMatch(g -> g.matches(Path.of(m)));
            assertThat(included).as(m + " included by a resource pattern of " + configFiles).isTrue();
        }
    }

    @Test
    void srcNative_isPartOfTheNativeBuild() {
        assertThat(jarEntries).as("src-native/main/resources is a resource directory of the native build")
                .contains("META-INF/native-image/dev.reprise/reprise/resource-config.json");
    }

    private static boolean flag(JsonNode entry, String name) {
        return entry.path(name).asBoolean(false);
    }
}
