package dev.reprise.store;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The schema version readiness waits for is the one of the last migration this build ships. */
class SchemaVersionTest {

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.+\\.sql");

    @Test
    void schemaVersion_newMigrationAdded_namesTheLastOne() throws Exception {
        List<String> versions;
        try (Stream<Path> files = Files.list(Path.of("src", "main", "resources", "db", "migration"))) {
            versions = files.map(p -> VERSIONED.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches).map(m -> m.group(1).replace('_', '.'))
                    .sorted(Comparator.comparing(SchemaVersionTest::numeric)).toList();
        }
        assertThat(versions).as("versioned migrations in db/migration").isNotEmpty();
        assertThat(SchemaBootstrap.SCHEMA_VERSION)
                .as("SchemaBootstrap.SCHEMA_VERSION must be the last migration's version, or pods that do not "
                        + "migrate become ready before the migration Job has applied it")
                .isEqualTo(versions.get(versions.size() - 1));
    }

    /** Flyway orders versions part by part, numerically. */
    private static String numeric(String version) {
        StringBuilder key = new StringBuilder();
        for (String part : version.split("\\.")) {
            key.append(String.format("%010d.", Long.parseLong(part)));
        }
        return key.toString();
    }
}
