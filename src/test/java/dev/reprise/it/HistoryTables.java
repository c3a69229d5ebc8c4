package dev.reprise.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the durable store directly, to check history invariants the HTTP API does not show. */
final class HistoryTables {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    private HistoryTables() {
    }

    /** Drops {@code database} so a test starts from nothing; the service creates it again at start. */
    static void dropDatabase(String database) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement s = c.createStatement()) {
            // Test-owned constant name; DROP DATABASE takes no bind parameter.
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** Creates {@code database} empty, as an operator or CloudNativePG would before the migration Job runs. */
    static void createEmptyDatabase(String database) throws SQLException {
        dropDatabase(database);
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database); // test-owned constant name
        }
    }

    /** Every instance ID in the database (children and continued instances included). */
    static List<String> instanceIds(String database) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + database, "postgres", "");
             PreparedStatement q = c.prepareStatement("SELECT instance_id FROM reprise_instances ORDER BY 1");
             ResultSet rs = q.executeQuery()) {
            List<String> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        }
    }

    /** Checks {@link #assertExactlyOnce} for every instance of the database; returns how many were checked. */
    static int assertExactlyOnceEverywhere(String database) throws Exception {
        List<String> ids = instanceIds(database);
        for (String id : ids) {
            try {
                assertExactlyOnce(history(database, id));
            } catch (AssertionError e) {
                throw new AssertionError("instance " + id + ": " + e.getMessage(), e);
            }
        }
        return ids.size();
    }

    /** Closes every connection to {@code database} but this one, as a failing network or a DBA would. */
    static int terminateConnections(String database) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             PreparedStatement q = c.prepareStatement("""
                     SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                     WHERE datname = ? AND pid <> pg_backend_pid()""")) {
            q.setString(1, database);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** How many instance and work-item leases {@code owner} holds right now. */
    static int leasesHeldBy(String database, String owner) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + database, "postgres", "");
             PreparedStatement q = c.prepareStatement("""
                     SELECT (SELECT count(*) FROM reprise_instances WHERE lease_owner = ?)
                          + (SELECT count(*) FROM reprise_work_items WHERE lease_owner = ?)""")) {
            q.setString(1, owner);
            q.setString(2, owner);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** How many entities are locked, and how many lock entries instances still hold. */
    static long locksHeld(String database) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + database, "postgres", "");
             PreparedStatement q = c.prepareStatement("""
                     SELECT (SELECT count(*) FROM reprise_entities WHERE locked_by IS NOT NULL)
                          + (SELECT count(*) FROM reprise_instances WHERE cardinality(entity_locks) > 0)""");
             ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** How many entity leases {@code owner} holds right now. */
    static int entityLeasesHeldBy(String database, String owner) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + database, "postgres", "");
             PreparedStatement q = c.prepareStatement("SELECT count(*) FROM reprise_entities WHERE lease_owner = ?")) {
            q.setString(1, owner);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** How many entities are locked by Running orchestrations whose instance lease {@code owner} holds. */
    static long locksHeldByOrchestrationsOf(String database, String owner) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + database, "postgres", "");
             PreparedStatement q = c.prepareStatement("""
                     SELECT count(*) FROM reprise_entities e JOIN reprise_instances i
                         ON i.task_hub = e.task_hub AND i.instance_id = e.locked_by
                     WHERE i.runtime_status = 'Running' AND i.lease_owner = ?""")) {
            q.setString(1, owner);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Entities locked by an orchestration execution that no longer runs (finished, continued, purged): there must be
     * none once the work settled.
     */
    static List<String> locksOfEndedExecutions(String database) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + database, "postgres", "");
             PreparedStatement q = c.prepareStatement("""
                     SELECT e.entity_id || ' locked by ' || e.locked_by FROM reprise_entities e
                     WHERE e.locked_by IS NOT NULL AND NOT EXISTS (
                         SELECT 1 FROM reprise_instances i WHERE i.task_hub = e.task_hub AND i.instance_id = e.locked_by
                           AND i.execution_id = e.locked_by_execution
                           AND i.runtime_status IN ('Running', 'Suspended'))""");
             ResultSet rs = q.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    /** One history row. */
    record Row(int sequence, String eventType, String payload) {
    }

    static List<Row> history(String database, String instanceId) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + database, "postgres", "");
             PreparedStatement q = c.prepareStatement("""
                     SELECT sequence_number, event_type, payload FROM reprise_history
                     WHERE instance_id = ? ORDER BY sequence_number""")) {
            q.setString(1, instanceId);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getInt(1), rs.getString(2), rs.getString(3)));
                }
            }
            return rows;
        }
    }

    /**
     * Asserts the history is applied exactly once: sequence numbers 0..n-1, each task (activity, entity call, lock
     * request) scheduled once and completed (or failed, or granted) exactly once.
     */
    static void assertExactlyOnce(List<Row> rows) throws Exception {
        Map<Integer, Integer> scheduled = new HashMap<>();
        Map<Integer, Integer> finished = new HashMap<>();
        int stepsStarted = 0;
        int stepsCompleted = 0;
        int executionEnds = 0;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (row.sequence() != i) {
                throw new AssertionError("history sequence has a gap or duplicate at " + i + ": " + row.sequence());
            }
            int taskId = ServiceProcess.JSON.readTree(row.payload()).path("taskId").asInt(-1);
            switch (row.eventType()) {
                case "TaskScheduled", "EntityOperationCalled", "EntityLockRequested" ->
                        scheduled.merge(taskId, 1, Integer::sum);
                case "TaskCompleted", "TaskFailed", "EntityOperationCompleted", "EntityOperationFailed",
                     "EntityLockGranted" -> finished.merge(taskId, 1, Integer::sum);
                case "OrchestratorStarted" -> stepsStarted++;
                case "OrchestratorCompleted" -> stepsCompleted++;
                case "ExecutionCompleted", "ContinueAsNew" -> executionEnds++;
                default -> { }
            }
        }
        scheduled.forEach((taskId, count) -> {
            if (count != 1) {
                throw new AssertionError("task #" + taskId + " was scheduled " + count + " times");
            }
            if (finished.getOrDefault(taskId, 0) != 1) {
                throw new AssertionError("task #" + taskId + " has " + finished.getOrDefault(taskId, 0)
                        + " completions in history, expected exactly 1");
            }
        });
        if (stepsStarted != stepsCompleted) {
            throw new AssertionError(stepsStarted + " steps started but " + stepsCompleted + " completed");
        }
        if (executionEnds > 1) {
            throw new AssertionError("the execution ended " + executionEnds + " times");
        }
        if (!finished.keySet().equals(scheduled.keySet())) {
            throw new AssertionError("completions for unscheduled tasks: " + finished.keySet());
        }
    }
}
