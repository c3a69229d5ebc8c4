package dev.reprise.store;

import dev.reprise.history.HistoryCodec;

import dev.reprise.config.RepriseConfig;
import dev.reprise.api.HistoryEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code reprise_history}: the event-sourced history of each instance's current execution.
 */
@ApplicationScoped
public class HistoryRepository {

    private static final String LOAD = """
            SELECT instance_id, payload FROM reprise_history
            WHERE task_hub = $1 AND instance_id = ANY($2)
            ORDER BY instance_id, sequence_number""";

    private final String taskHub;
    private final HistoryCodec codec;

    HistoryRepository(RepriseConfig config, HistoryCodec codec) {
        this.taskHub = config.taskHub();
        this.codec = codec;
    }

    /** The histories of {@code instanceIds}, in sequence order; instances without history map to an empty one. */
    public Uni<Map<String, LoadedHistory>> load(SqlClient client, List<String> instanceIds) {
        return client.preparedQuery(LOAD).execute(Tuple.of(taskHub, instanceIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, List<HistoryEvent>> events = new HashMap<>();
                    Map<String, Long> bytes = new HashMap<>();
                    for (String id : instanceIds) {
                        events.put(id, new ArrayList<>());
                    }
                    for (Row row : rows) {
                        String id = row.getString("instance_id");
                        String payload = row.getString("payload");
                        events.get(id).add(codec.decode(payload));
                        bytes.merge(id, (long) payload.length(), Long::sum);
                    }
                    Map<String, LoadedHistory> out = new HashMap<>();
                    events.forEach((id, list) -> out.put(id, new LoadedHistory(list, bytes.getOrDefault(id, 0L))));
                    return out;
                });
    }
}
