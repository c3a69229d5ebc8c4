package dev.reprise.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How {@code deploy/Dockerfile.jvm} starts the service, read from the Dockerfile itself so a test can start it the
 * same way without a container engine: the final stage's entry point, its environment (inherited from the stages it
 * is built {@code FROM}), and which file of the repository each {@code COPY} put where. Only the instructions this
 * Dockerfile uses are understood: {@code FROM ... AS}, {@code ENV K=V}, exec-form {@code ENTRYPOINT}, {@code COPY}.
 */
final class JvmImage {

    static final Path DOCKERFILE = Path.of("deploy", "Dockerfile.jvm");
    private static final Pattern FROM = Pattern.compile("(?i)^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?\\s*$");
    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|'[^']*'|\\S+)");

    private record Stage(String name, String base, Map<String, String> env, List<List<String>> copies,
                         List<String> entrypoint) {
    }

    private final Map<String, Stage> stages = new LinkedHashMap<>();
    private Stage last;

    private JvmImage(List<String> lines) {
        for (String line : lines) {
            Matcher from = FROM.matcher(line);
            if (from.matches()) {
                last = new Stage(from.group(2) != null ? from.group(2) : "#" + stages.size(), from.group(1),
                        new LinkedHashMap<>(), new ArrayList<>(), new ArrayList<>());
                stages.put(last.name(), last);
            } else if (last != null && line.matches("(?i)^ENV\\s.*")) {
                Matcher pair = ENV_PAIR.matcher(line.substring(4));
                while (pair.find()) {
                    last.env().put(pair.group(1), pair.group(2).replaceAll("^[\"']|[\"']$", ""));
                }
            } else if (last != null && line.matches("(?i)^COPY\\s.*")) {
                List<String> words = new ArrayList<>(List.of(line.substring(5).trim().split("\\s+")));
                words.removeIf(w -> w.startsWith("--") && !w.startsWith("--from"));
                last.copies().add(words);
            } else if (last != null && line.matches("(?i)^ENTRYPOINT\\s.*")) {
                try {
                    last.entrypoint().clear();
                    for (Object word : new ObjectMapper().readValue(line.substring(10).trim(), List.class)) {
                        last.entrypoint().add((String) word);
                    }
                } catch (IOException e) {
                    throw new AssertionError(DOCKERFILE + ": ENTRYPOINT must be the exec form (a JSON array): " + line);
                }
            }
        }
        if (last == null) {
            throw new AssertionError(DOCKERFILE + " has no FROM");
        }
    }

    /** Reads {@code deploy/Dockerfile.jvm}, with continuation lines joined and comments dropped. */
    static JvmImage read() {
        try {
            String text = Files.readString(DOCKERFILE).replaceAll("\\\\\\R", " ");
            return new JvmImage(text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The final stage and the stages it is built on, the final one first. */
    private List<Stage> chain() {
        List<Stage> chain = new ArrayList<>();
        for (Stage s = last; s != null; s = stages.get(s.base())) {
            chain.add(s);
        }
        return chain;
    }

    /** The final image's entry point (the nearest stage that sets one). */
    List<String> entrypoint() {
        return chain().stream().map(Stage::entrypoint).filter(e -> !e.isEmpty()).findFirst().orElse(List.of());
    }

    /** The final image's environment: each stage's ENV over its base's. */
    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        List<Stage> chain = chain();
        for (int i = chain.size() - 1; i >= 0; i--) {
            env.putAll(chain.get(i).env());
        }
        return env;
    }

    /**
     * The file of the build context that the final image has at {@code imagePath}: a plain {@code COPY} (not
     * {@code --from} another stage) into that path or into its directory.
     */
    Optional<Path> sourceOf(String imagePath) {
        for (Stage stage : chain()) {
            for (List<String> copy : stage.copies()) {
                if (copy.get(0).startsWith("--from")) {
                    continue;
                }
                String target = copy.get(copy.size() - 1);
                for (String source : copy.subList(0, copy.size() - 1)) {
                    String placed = target.endsWith("/") ? target + Path.of(source).getFileName() : target;
                    if (placed.equals(imagePath)) {
                        return Optional.of(Path.of(source));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
