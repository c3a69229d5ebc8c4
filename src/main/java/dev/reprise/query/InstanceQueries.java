package dev.reprise.query;

import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.config.RepriseConfig;
import dev.reprise.history.HistoryCodec;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The query side over {@code reprise_instances}: pages of instances by filter and order with continuation tokens,
 * counts per runtime status, one instance. Read-only, through Panache over Hibernate Reactive on the same reactive
 * pool as the engine; the engine's own reads and writes (claims, steps) stay on the SQL client. Every query is
 * confined to this service's task hub.
 */
@ApplicationScoped
public class InstanceQueries implements PanacheRepositoryBase<InstanceRow, InstanceRow.Key> {

    private final String taskHub;
    private final HistoryCodec codec;
    private final QuerySessions sessions;

    InstanceQueries(RepriseConfig config, HistoryCodec codec, QuerySessions sessions) {
        this.taskHub = config.taskHub();
        this.codec = codec;
        this.sessions = sessions;
    }

    /**
     * One page of the instances {@code filter} selects, in {@code order}.
     *
     * @param continuationToken the previous page's {@link InstancePage#continuationToken()} of the same order, or
     *                          {@code null} (or blank) for the first page
     * @param pageSize          at most this many instances; positive
     * @param withPayloads      {@code false} leaves input, output and custom status {@code null} and does not read
     *                          them from the database
     * @return emits the page; fails with {@link dev.reprise.api.InvalidRequestException} when the token is not one
     *         this service issued for {@code order}
     */
    public Uni<InstancePage> page(InstanceFilter filter, InstanceOrder order, String continuationToken, int pageSize,
                                  boolean withPayloads) {
        return Uni.createFrom().deferred(() -> {
            ContinuationTokens.Position after = continuationToken == null || continuationToken.isBlank() ? null
                    : ContinuationTokens.decode(order, continuationToken);
            if (unstorable(filter.instanceIdPrefix()) || unstorable(filter.name())) {
                return Uni.createFrom().item(new InstancePage(List.of(), null));
            }
            Where where = where(filter);
            if (after != null) {
                where.and(order.after(), "afterAt", after.at()).with("afterId", after.instanceId());
            }
            return sessions.withSession(() -> {
                // The range is inclusive: one row more than the page says whether another page follows.
                PanacheQuery<InstanceRow> query = find(where.text.toString(), order.sort(), where.parameters)
                        .range(0, pageSize);
                return withPayloads ? query.list().map(rows -> rows.stream().map(this::snapshot).toList())
                        : query.project(InstanceHead.class).list()
                        .map(heads -> heads.stream().map(this::snapshot).toList());
            }).map(rows -> {
                if (rows.size() <= pageSize) {
                    return new InstancePage(rows, null);
                }
                List<InstanceSnapshot> page = rows.subList(0, pageSize);
                InstanceSnapshot last = page.get(pageSize - 1);
                Instant at = order.attribute.equals("createdAt") ? last.createdAt() : last.lastUpdatedAt();
                return new InstancePage(List.copyOf(page), ContinuationTokens.encode(order, at, last.instanceId()));
            });
        });
    }

    /**
     * How many instances {@code filter} selects per runtime status, ignoring its own statuses (so the counts show
     * what choosing another status would give).
     *
     * @return every status, with 0 for those no instance has
     */
    public Uni<Map<OrchestrationRuntimeStatus, Long>> countByStatus(InstanceFilter filter) {
        return Uni.createFrom().deferred(() -> {
            Map<OrchestrationRuntimeStatus, Long> counts = new EnumMap<>(OrchestrationRuntimeStatus.class);
            for (OrchestrationRuntimeStatus s : OrchestrationRuntimeStatus.values()) {
                counts.put(s, 0L);
            }
            if (unstorable(filter.instanceIdPrefix()) || unstorable(filter.name())) {
                return Uni.createFrom().item(counts);
            }
            Where where = where(filter.anyStatus());
            return sessions.withSession(() -> find("select runtimeStatus, count(*) from InstanceRow where "
                            + where.text + " group by runtimeStatus", where.parameters)
                            .project(StatusCount.class).list())
                    .map(rows -> {
                        rows.forEach(r -> counts.put(r.runtimeStatus(), r.count()));
                        return counts;
                    });
        });
    }

    /** The instance with its payloads, or {@code null} when this task hub has none with that ID. */
    public Uni<InstanceSnapshot> instance(String instanceId) {
        if (unstorable(instanceId)) {
            return Uni.createFrom().nullItem();
        }
        return sessions.withSession(() -> findById(new InstanceRow.Key(taskHub, instanceId)))
                .map(row -> row == null ? null : snapshot(row));
    }

    /** The task hub's instances' orchestrator names, sorted: what the name filter can choose from. */
    public Uni<List<String>> names() {
        return sessions.withSession(() -> find("select distinct name from InstanceRow where taskHub = :hub "
                + "order by name", Parameters.with("hub", taskHub)).project(String.class).list());
    }

    /**
     * The filter as an HQL condition. Each clause is a constant of this class and every value a named parameter:
     * nothing a caller sends becomes query text.
     */
    private Where where(InstanceFilter filter) {
        Where where = new Where("taskHub = :hub", taskHub);
        if (!filter.runtimeStatuses().isEmpty()) {
            where.and("runtimeStatus in :statuses", "statuses", filter.runtimeStatuses());
        }
        if (filter.name() != null) {
            where.and("name = :name", "name", filter.name());
        }
        if (filter.createdFrom() != null) {
            where.and("createdAt >= :createdFrom", "createdFrom", filter.createdFrom());
        }
        if (filter.createdTo() != null) {
            where.and("createdAt <= :createdTo", "createdTo", filter.createdTo());
        }
        if (filter.instanceIdPrefix() != null) {
            where.and("instanceId like :prefix escape '!'", "prefix", likePrefix(filter.instanceIdPrefix()));
        }
        return where;
    }

    /** A LIKE pattern matching exactly the IDs that start with {@code prefix}: its wildcards escaped with '!'. */
    static String likePrefix(String prefix) {
        StringBuilder pattern = new StringBuilder(prefix.length() + 1);
        for (char c : prefix.toCharArray()) {
            if (c == '!' || c == '%' || c == '_') {
                pattern.append('!');
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }

    /**
     * {@code true} for text PostgreSQL cannot store or compare (it contains U+0000): no stored ID or name contains it,
     * and sending it would fail the query with an encoding error instead of simply matching nothing.
     */
    static boolean unstorable(String text) {
        return text != null && text.indexOf('\u0000') >= 0;
    }

    private InstanceSnapshot snapshot(InstanceRow r) {
        return new InstanceSnapshot(r.instanceId, r.executionId, r.name, r.runtimeStatus, r.input, r.output,
                r.customStatus, codec.decodeFailure(r.failure), r.parentInstanceId, r.createdAt, r.lastUpdatedAt,
                r.completedAt, r.scheduledStartAt, r.historySize);
    }

    private InstanceSnapshot snapshot(InstanceHead h) {
        return new InstanceSnapshot(h.instanceId(), h.executionId(), h.name(), h.runtimeStatus(), null, null, null,
                codec.decodeFailure(h.failure()), h.parentInstanceId(), h.createdAt(), h.lastUpdatedAt(),
                h.completedAt(), h.scheduledStartAt(), h.historySize());
    }
}
