package dev.reprise.store;

import dev.reprise.api.RepriseException;
import dev.reprise.config.RepriseConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
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
 * Runs once at start, on the main thread, where blocking JDBC is allowed. Also tells whether the schema has every
 * migration this build ships, for the readiness check of pods that do not migrate.
 */
@ApplicationScoped
public class SchemaBootstrap {

    /**
     * The version of the last migration in {@code db/migration}: the schema this build needs. A new migration must
     * raise it; SchemaVersionTest fails until it does.
     */
    public static final String SCHEMA_VERSION = "10";

    private static final Logger LOG = Logger.getLogger(SchemaBootstrap.class);
    /** Database names we are willing to create: CREATE DATABASE takes no bind parameter, so the name is checked. */
    private static final Pattern SAFE_DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    // Flyway's history table (quarkus.flyway.table), read through the reactive pool: asking Flyway would open a JDBC
    // connection (loading the driver) and run its info machinery, work a pod that does not migrate needs nowhere else.
    private static final String HAS_VERSION = """
            SELECT EXISTS (SELECT 1 FROM reprise_schema_history WHERE version = $1 AND success) AS current""";

    private final RepriseConfig config;
    /** Resolved only to migrate: a pod with migrations off never asks Flyway anything, so never opens JDBC. */
    private final Instance<Flyway> flyway;
    private final Pool pool;
    /** Migrations never un-apply, so once the schema was current it is not asked again. */
    private volatile boolean current;

    SchemaBootstrap(RepriseConfig config, Instance<Flyway> flyway, Pool pool) {
        this.config = config;
        this.flyway = flyway;
        this.pool = pool;
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

    /**
     * Whether the schema has every migration this build ships ({@link #SCHEMA_VERSION} applied successfully); a
     * newer schema is current too. {@code false}, never a failure, while the database or the history table is not
     * there yet.
     */
    public Uni<Boolean> isCurrent() {
        if (current) {
            return Uni.createFrom().item(true);
        }
        return pool.preparedQuery(HAS_VERSION).execute(Tuple.of(SCHEMA_VERSION))
                .map(rows -> rows.iterator().next().getBoolean("current"))
                .invoke(found -> current = found)
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("Cannot read the schema version yet: %s", e.getMessage());
                    return false;
                });
    }

    private void applyMigrations(RepriseConfig.Datasource ds) {
        Flyway migrations = flyway.get();
        var result = migrations.migrate();
        LOG.infof("Schema of database '%s' is at version %s (%d migrations applied now)", ds.database(),
                result.targetSchemaVersion != null ? result.targetSchemaVersion : migrations.info().current()
                        .getVersion(), result.migrationsExecuted);
        current = true;
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
