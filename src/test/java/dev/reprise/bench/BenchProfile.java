package dev.reprise.bench;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The engine as it runs in production, on the benchmark's own database, with the benchmark's functions added. */
public class BenchProfile implements QuarkusTestProfile {

    static final String DATABASE = "reprise_bench";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "%test.reprise.datasource.database", DATABASE,
                "reprise.datasource.database", DATABASE,
                "bench.functions.enabled", "true",
                // One line per step at INFO would be the benchmark's biggest cost; failures still log.
                "quarkus.log.category.\"dev.reprise\".level", "WARN");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FreshDatabase.class));
    }
}
