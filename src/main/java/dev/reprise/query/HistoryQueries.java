package dev.reprise.query;

import dev.reprise.api.HistoryEvent;
import dev.reprise.config.RepriseConfig;
import dev.reprise.history.HistoryCodec;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The query side over {@code reprise_history}: an instance's history for reading, never for replay. */
@ApplicationScoped
public class HistoryQueries implements PanacheRepositoryBase<HistoryRow, HistoryRow.Key> {

    private final String taskHub;
    private final HistoryCodec codec;
    private final QuerySessions sessions;

    HistoryQueries(RepriseConfig config, HistoryCodec codec, QuerySessions sessions) {
        this.taskHub = config.taskHub();
        this.codec = codec;
        this.sessions = sessions;
    }

    /**
     * The history events of the instance's current execution, oldest first; empty for an instance without history
     * (Pending, or unknown).
     */
    public Uni<List<HistoryEvent>> history(String instanceId) {
        if (instanceId.indexOf('\u0000') >= 0) {
            return Uni.createFrom().item(List.of());
        }
        return sessions.withSession(() -> find("select payload from HistoryRow where taskHub = :hub and instanceId = :id",
                        Sort.by("sequenceNumber"),
                        Parameters.with("hub", taskHub).and("id", instanceId)).project(String.class).list())
                .map(payloads -> payloads.stream().map(codec::decode).toList());
    }
}
