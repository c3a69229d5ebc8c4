package dev.reprise.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * {@code bench/results/latest.json}: one JSON object holding the latest value of every figure the benchmark
 * measures, by name ({@code start_to_ready_ms}, ...). Each part of the benchmark merges its own keys in; keys it does
 * not name are kept, so parts can be run alone ({@code -Dbench.workloads=COLD}) without losing the others' figures.
 */
final class LatestJson {

    static final Path FILE = Path.of("bench", "results", "latest.json");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LatestJson() {
    }

    /**
     * Merges {@code figures} into {@link #FILE} (created when missing): each key is replaced or added, the others
     * are kept. Values are written as Jackson writes them (numbers, strings, lists, maps).
     *
     * @return the file written
     * @throws IOException when the file cannot be read or written, or holds something other than a JSON object
     */
    static Path put(Map<String, ?> figures) throws IOException {
        return put(FILE, figures);
    }

    static Path put(Path file, Map<String, ?> figures) throws IOException {
        ObjectNode latest;
        if (Files.exists(file)) {
            var existing = JSON.readTree(file.toFile());
            if (!(existing instanceof ObjectNode object)) {
                throw new IOException(file + " holds " + existing.getNodeType() + ", not a JSON object; move it "
                        + "away and run the benchmark again");
            }
            latest = object;
        } else {
            latest = JSON.createObjectNode();
        }
        figures.forEach((name, value) -> latest.set(name, JSON.valueToTree(value)));
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        // Written beside and moved into place, so an interrupted run never leaves half a file.
        Path temporary = Files.createTempFile(parent, "latest", ".json.tmp");
        JSON.writeValue(temporary.toFile(), latest);
        return Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
