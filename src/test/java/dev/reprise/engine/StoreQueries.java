package dev.reprise.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.config.RepriseConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads the durable store directly, to check what the engine wrote independently of its own read paths. */
@ApplicationScoped
public class StoreQueries {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One row of {@code reprise_history}, payload parsed. */
    public record HistoryRow(int sequenceNumber, String executionId, String eventType, JsonNode payload) {
    }

    private final Pool pool;
    private final String taskHub;

    StoreQueries(Pool pool, RepriseConfig config) {
        this.pool = pool;
        this.taskHub = config.taskHub();
    }

    public List<HistoryRow> history(String instanceId) {
        List<HistoryRow> out = new ArrayList<>();
        for (Row r : pool.preparedQuery("""
                        SELECT sequence_number, execution_id, event_type, payload FROM reprise_history
                        WHERE task_hub = $1 AND instance_id = $2 ORDER BY sequence_number""")
                .execute(Tuple.of(taskHub, instanceId)).await().atMost(TIMEOUT)) {
            out.add(new HistoryRow(r.getInteger("sequence_number"), r.getString("execution_id"),
                    r.getString("event_type"), parse(r.getString("payload"))));
        }
        return out;
    }

    /** The instance's current execution ID, or null when unknown. */
    public String executionId(String instanceId) {
        var rows = pool.preparedQuery("""
                        SELECT execution_id FROM reprise_instances WHERE task_hub = $1 AND instance_id = $2""")
                .execute(Tuple.of(taskHub, instanceId)).await().atMost(TIMEOUT);
        return rows.iterator().hasNext() ? rows.iterator().next().getString("execution_id") : null;
    }

    /** Event types of the messages still waiting in the instance's inbox, oldest first. */
    public List<String> inboxEventTypes(String instanceId) {
        List<String> out = new ArrayList<>();
        for (Row r : pool.preparedQuery("""
                        SELECT event_type FROM reprise_inbox WHERE task_hub = $1 AND instance_id = $2 ORDER BY id""")
                .execute(Tuple.of(taskHub, instanceId)).await().atMost(TIMEOUT)) {
            out.add(r.getString("event_type"));
        }
        return out;
    }

    /** How many rows of {@code table} (one of the reprise tables) belong to the instance. */
    public long rowCount(String table, String instanceId) {
        if (!List.of("reprise_instances", "reprise_history", "reprise_inbox", "reprise_work_items").contains(table)) {
            throw new IllegalArgumentException(table);
        }
        return pool.preparedQuery("SELECT count(*) AS n FROM " + table + " WHERE task_hub = $1 AND instance_id = $2")
                .execute(Tuple.of(taskHub, instanceId)).await().atMost(TIMEOUT).iterator().next().getLong("n");
    }

    /** Deletes the instance's work items, as a step of another replica that ended its execution does. */
    public void deleteWorkItems(String instanceId) {
        pool.preparedQuery("DELETE FROM reprise_work_items WHERE task_hub = $1 AND instance_id = $2")
                .execute(Tuple.of(taskHub, instanceId)).await().atMost(TIMEOUT);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("history payload is not JSON: " + json, e);
        }
    }
}
