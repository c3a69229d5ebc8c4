package dev.reprise.store;

import dev.reprise.api.RepriseException;
import dev.reprise.config.RepriseConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Makes the database usable before the engine starts: creates it when missing, then applies the Flyway migrations.
 * Runs once at start, on the main thread, where blocking JDBC is allowed.
 */
@ApplicationScoped
public class SchemaBootstrap {

    private static final Logger LOG = Logger.getLogger(SchemaBootstrap.class);
    /** Database names we are willing to create: CREATE DATABASE takes no bind parameter, so the name is checked. */
    private static final Pattern SAFE_DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final RepriseConfig config;
    private final Flyway flyway;

    SchemaBootstrap(RepriseConfig config, Flyway flyway) {
        this.config = config;
        this.flyway = flyway;
    }

    /**
     * @throws RepriseException when the database cannot be reached or created, naming the settings to check
     */
    public void prepare() {
        RepriseConfig.Datasource ds = config.datasource();
        if (ds.createDatabase()) {
            createDatabaseIfMissing(ds);
        }
        if (ds.migrateAtStart()) {
            applyMigrations(ds);
        }
    }

    /**
     * Creates the database if allowed and missing, then applies every pending migration, whatever
     * {@code migrate-at-start} says: the migration Job's whole task.
     */
    public void migrate() {
        RepriseConfig.Datasource ds = config.datasource();
        if (ds.createDatabase()) {
            createDatabaseIfMissing(ds);
        }
        applyMigrations(ds);
    }

    private void applyMigrations(RepriseConfig.Datasource ds) {
        var result = flyway.migrate();
        LOG.infof("Schema of database '%s' is at version %s (%d migrations applied now)", ds.database(),
                result.targetSchemaVersion != null ? result.targetSchemaVersion : flyway.info().current()
                        .getVersion(), result.migrationsExecuted);
    }

    private static void createDatabaseIfMissing(RepriseConfig.Datasource ds) {
        String url = "jdbc:postgresql://" + ds.host() + ":" + ds.port() + "/postgres";
        Properties props = new Properties();
        props.setProperty("user", ds.username());
        ds.password().ifPresent(p -> props.setProperty("password", p));
        try (Connection c = DriverManager.getConnection(url, props)) {
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, ds.database());
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            if (!SAFE_DATABASE_NAME.matcher(ds.database()).matches()) {
                throw new RepriseException("Database '" + ds.database() + "' does not exist and its name is not a "
                        + "plain identifier, so Reprise will not create it; create it yourself or set "
                        + "reprise.datasource.database to a name of letters, digits and underscores.");
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE \"" + ds.database() + "\"");
                LOG.infof("Created database '%s' on %s:%d", ds.database(), ds.host(), ds.port());
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState())) { // duplicate_database: another replica created it first
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new RepriseException("Cannot reach PostgreSQL at " + ds.host() + ":" + ds.port() + " as user '"
                    + ds.username() + "' to check database '" + ds.database() + "': " + e.getMessage()
                    + ". Start PostgreSQL or set reprise.datasource.host/port/username/password; set "
                    + "reprise.datasource.create-database=false if the database is managed elsewhere.", e);
        }
    }
}
