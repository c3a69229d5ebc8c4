package dev.reprise.store;

import dev.reprise.history.HistoryCodec;

import dev.reprise.config.RepriseConfig;
import dev.reprise.api.HistoryEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
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

    // One round trip for a whole step, whatever its size; the primary key rejects a sequence number written twice.
    private static final String APPEND = """
            INSERT INTO reprise_history (task_hub, instance_id, sequence_number, execution_id, event_type, payload,
                                         created_at)
            SELECT $1, $2, e.sequence_number, $3, e.event_type, e.payload, $4
            FROM unnest($5::integer[], $6::text[], $7::text[]) AS e(sequence_number, event_type, payload)""";

    private static final String DELETE_ALL = """
            DELETE FROM reprise_history WHERE task_hub = $1 AND instance_id = $2""";

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

    /**
     * Appends {@code events} with sequence numbers from {@code firstSequence}.
     *
     * @return the size of the payloads written, in characters (as {@link LoadedHistory#payloadBytes()} counts); a
     *         failed Uni with a unique violation when any of those sequence numbers exists already
     */
    public Uni<Long> append(SqlClient client, String instanceId, String executionId, int firstSequence,
                            List<HistoryEvent> events, Instant now) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(0L);
        }
        long size = 0;
        Integer[] sequence = new Integer[events.size()];
        String[] types = new String[events.size()];
        String[] payloads = new String[events.size()];
        for (int i = 0; i < events.size(); i++) {
            sequence[i] = firstSequence + i;
            types[i] = events.get(i).eventType();
            payloads[i] = codec.encode(events.get(i));
            size += payloads[i].length();
        }
        return client.preparedQuery(APPEND).execute(Tuple.from(new Object[]{taskHub, instanceId, executionId,
                Sql.ts(now), sequence, types, payloads})).replaceWith(size);
    }

    /** Drops an instance's history, when it continues as new or its ID is reused. */
    public Uni<Void> deleteAll(SqlClient client, String instanceId) {
        return client.preparedQuery(DELETE_ALL).execute(Tuple.of(taskHub, instanceId)).replaceWithVoid();
    }
}
