package dev.reprise.bench;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

/**
 * Drops the benchmark's database before the engine starts, so every run begins empty; the engine creates and migrates
 * it again at start, as on a fresh installation.
 */
public class FreshDatabase implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String host = System.getProperty("reprise.datasource.host", "127.0.0.1");
        String port = System.getProperty("reprise.datasource.port", "5432");
        String user = System.getProperty("reprise.datasource.username", "postgres");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", user,
                System.getProperty("reprise.datasource.password", ""));
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + BenchProfile.DATABASE + " WITH (FORCE)");
        } catch (Exception e) {
            throw new IllegalStateException("Cannot reset the benchmark database '" + BenchProfile.DATABASE
                    + "' on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return Map.of();
    }

    @Override
    public void stop() {
    }
}
