package dev.reprise.deploy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What the compiled application offers, read from {@code target/classes} by reflection: its HTTP routes, the
 * configuration properties of its {@code @ConfigMapping} interfaces, and its record types.
 */
final class CompiledApp {

    static final java.nio.file.Path CLASSES = java.nio.file.Path.of("target", "classes");

    /** One JAX-RS route: HTTP method and full path template. */
    record Route(String method, String path, Method javaMethod) {
        boolean matches(String httpMethod, String requestPath) {
            if (!method.equals(httpMethod)) {
                return false;
            }
            String[] template = segments(path);
            String[] actual = segments(requestPath);
            if (template.length != actual.length) {
                return false;
            }
            for (int i = 0; i < template.length; i++) {
                boolean variable = template[i].startsWith("{") && template[i].endsWith("}");
                if (!variable && !template[i].equals(actual[i])) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private CompiledApp() {
    }

    /** Binary names of every class under {@code target/classes/dev/reprise}. */
    static List<String> classNames() {
        java.nio.file.Path root = CLASSES.resolve("dev/reprise");
        if (!Files.isDirectory(root)) {
            throw new AssertionError(root + " is missing: run the tests through Maven (./mvnw verify)");
        }
        try (Stream<java.nio.file.Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> CLASSES.relativize(p).toString().replace('\\', '/'))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest modification time of a compiled class: what a generated artefact must not be older than. */
    static Instant newestClass() {
        try (Stream<java.nio.file.Path> files = Files.walk(CLASSES.resolve("dev/reprise"))) {
            return files.filter(p -> p.toString().endsWith(".class")).map(p -> {
                try {
                    return Files.getLastModifiedTime(p).toInstant();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).max(Instant::compareTo).orElse(Instant.MIN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Class<?> load(String name) {
        try {
            return Class.forName(name, false, CompiledApp.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new AssertionError("Cannot load " + name + ": " + e, e);
        }
    }

    /** Classes under {@code packagePrefix} (binary names, nested ones included). */
    static List<Class<?>> classes(String packagePrefix) {
        return classNames().stream().filter(n -> n.startsWith(packagePrefix)).map(CompiledApp::load).toList();
    }

    /** Every JAX-RS route of the resource classes: class {@code @Path} joined with the method's. */
    static List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (Class<?> type : classes("dev.reprise.")) {
            Path classPath = type.getAnnotation(Path.class);
            if (classPath == null) {
                continue;
            }
            for (Method m : type.getDeclaredMethods()) {
                String verb = httpMethod(m);
                if (verb == null) {
                    continue;
                }
                Path methodPath = m.getAnnotation(Path.class);
                routes.add(new Route(verb, join(classPath.value(), methodPath == null ? "" : methodPath.value()), m));
            }
        }
        return routes;
    }

    private static String httpMethod(Method m) {
        for (Class<? extends Annotation> verb : List.of(GET.class, POST.class, PUT.class, DELETE.class)) {
            if (m.isAnnotationPresent(verb)) {
                return verb.getSimpleName();
            }
        }
        return null;
    }

    static String join(String a, String b) {
        String joined = "/" + String.join("/", Stream.of(segments(a), segments(b)).flatMap(Stream::of).toList());
        return joined;
    }

    private static String[] segments(String path) {
        return Stream.of(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    /**
     * Every configuration property the application's {@code @ConfigMapping} interfaces read, e.g.
     * {@code reprise.datasource.host}; map-valued settings end in {@code .*}.
     */
    static Set<String> configProperties() {
        Set<String> properties = new TreeSet<>();
        for (Class<?> type : classes("dev.reprise.")) {
            ConfigMapping mapping = type.getAnnotation(ConfigMapping.class);
            if (mapping != null && type.isInterface()) {
                collect(type, mapping.prefix(), properties, new LinkedHashSet<>());
            }
        }
        return properties;
    }

    private static void collect(Class<?> group, String prefix, Set<String> out, Set<Class<?>> seen) {
        if (!seen.add(group)) {
            return;
        }
        for (Method m : group.getMethods()) {
            if (m.getParameterCount() != 0 || m.isDefault() || Modifier.isStatic(m.getModifiers())
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = m.isAnnotationPresent(WithParentName.class) ? null
                    : m.isAnnotationPresent(WithName.class) ? m.getAnnotation(WithName.class).value()
                    : kebab(m.getName());
            String property = name == null ? prefix : prefix + "." + name;
            Class<?> type = m.getReturnType();
            if (Map.class.isAssignableFrom(type)) {
                out.add(property + ".*");
            } else if (type.isInterface() && type.getName().startsWith("dev.reprise.")) {
                collect(type, property, out, new LinkedHashSet<>(seen));
            } else {
                out.add(property);
            }
        }
    }

    /** {@code migrateAtStart} → {@code migrate-at-start}, as SmallRye Config names mapping methods. */
    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The environment variable SmallRye Config reads for a property: {@code reprise.http.api-key} → REPRISE_HTTP_API_KEY. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** Records that a route returns, directly or inside a generic type ({@code Uni<X>}, {@code List<X>}). */
    static Set<Class<?>> recordsReturnedByRoutes() {
        Set<Class<?>> records = new LinkedHashSet<>();
        for (Route route : routes()) {
            addRecords(route.javaMethod().getGenericReturnType(), records);
        }
        return records;
    }

    private static void addRecords(Type type, Set<Class<?>> out) {
        if (type instanceof Class<?> c) {
            if (c.isRecord() && c.getName().startsWith("dev.reprise.")) {
                out.add(c);
            }
        } else if (type instanceof ParameterizedType p) {
            addRecords(p.getRawType(), out);
            for (Type arg : p.getActualTypeArguments()) {
                addRecords(arg, out);
            }
        }
    }
}
