package dev.reprise.query;

import dev.reprise.api.EntityInstanceId;
import dev.reprise.config.RepriseConfig;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * The query side over {@code reprise_entities}: pages of durable entities by filter, ordered by entity ID, with
 * continuation tokens, one entity, and the names entities have. Read-only, through Panache over Hibernate Reactive on
 * the same reactive pool as the engine, as {@link InstanceQueries}; the entity dispatcher's claims and batches stay on
 * the SQL client. Every query is confined to this service's task hub. Each entity comes with its backlog (the
 * operations waiting for it, counted in the same statement).
 */
@ApplicationScoped
public class EntityQueries implements PanacheRepositoryBase<EntityRow, EntityRow.Key> {

    private static final String BACKLOG = "(select count(m) from EntityInboxRow m where m.taskHub = e.taskHub "
            + "and m.entityId = e.entityId)";
    private static final String WITH_STATE = "select e.entityId, e.lockedBy, e.lastModifiedAt, length(e.state), "
            + "e.state, " + BACKLOG + " from EntityRow e where ";
    // The state's length says whether it has state without reading the state out of the database.
    private static final String WITHOUT_STATE = "select e.entityId, e.lockedBy, e.lastModifiedAt, length(e.state), "
            + "cast(null as String), " + BACKLOG + " from EntityRow e where ";

    private final String taskHub;
    private final QuerySessions sessions;

    EntityQueries(RepriseConfig config, QuerySessions sessions) {
        this.taskHub = config.taskHub();
        this.sessions = sessions;
    }

    /**
     * One page of the entities {@code filter} selects, ordered by entity ID.
     *
     * @param continuationToken the previous page's {@link EntityPage#continuationToken()}, or {@code null} (or
     *                          blank) for the first page
     * @param pageSize          at most this many entities; positive
     * @param withState         {@code false} leaves each state {@code null} and does not read it from the database
     *                          (its length still says whether there is one)
     * @return emits the page; fails with {@link dev.reprise.api.InvalidRequestException} when the token is not one
     *         this service issued for an entity query
     */
    public Uni<EntityPage> page(EntityFilter filter, String continuationToken, int pageSize, boolean withState) {
        return Uni.createFrom().deferred(() -> {
            String after = continuationToken == null || continuationToken.isBlank() ? null
                    : ContinuationTokens.decodeEntity(continuationToken);
            if (InstanceQueries.unstorable(filter.idPrefix()) || InstanceQueries.unstorable(filter.keyPrefix())) {
                return Uni.createFrom().item(new EntityPage(List.of(), null));
            }
            Where where = where(filter);
            if (after != null) {
                where.and("e.entityId > :after", "after", after);
            }
            String hql = (withState ? WITH_STATE : WITHOUT_STATE) + where.text + " order by e.entityId";
            // The range is inclusive: one row more than the page says whether another page follows.
            return sessions.withSession(() -> find(hql, where.parameters).project(EntityLine.class)
                    .range(0, pageSize).list()).map(lines -> {
                        List<EntitySnapshot> rows = lines.stream().map(EntityQueries::snapshot).toList();
                        if (rows.size() <= pageSize) {
                            return new EntityPage(rows, null);
                        }
                        List<EntitySnapshot> page = List.copyOf(rows.subList(0, pageSize));
                        return new EntityPage(page, ContinuationTokens.encodeEntity(
                                page.get(pageSize - 1).id().toString()));
                    });
        });
    }

    /**
     * The entity, with or without its state, or {@code null} when this task hub has no row for it. An entity whose
     * row is there without state (it only has waiting operations or a lock, or was deleted) is returned with
     * {@link EntitySnapshot#hasState()} false.
     */
    public Uni<EntitySnapshot> entity(EntityInstanceId id, boolean withState) {
        String hql = (withState ? WITH_STATE : WITHOUT_STATE) + "e.taskHub = :hub and e.entityId = :id";
        return sessions.withSession(() -> find(hql, Parameters.with("hub", taskHub).and("id", id.toString()))
                        .project(EntityLine.class).firstResult())
                .map(line -> line == null ? null : snapshot(line));
    }

    /** The names the task hub's entities have (lowercased), sorted: what a name filter can choose from. */
    public Uni<List<String>> names() {
        return sessions.withSession(() -> find("select distinct e.name from EntityRow e where e.taskHub = :hub "
                + "order by e.name", Parameters.with("hub", taskHub)).project(String.class).list());
    }

    /** The filter as an HQL condition of constant clauses, every value a named parameter. */
    private Where where(EntityFilter filter) {
        Where where = new Where("e.taskHub = :hub", taskHub);
        if (filter.idPrefix() != null) {
            where.and("e.entityId like :idPrefix escape '!'", "idPrefix",
                    InstanceQueries.likePrefix(filter.idPrefix()));
        }
        if (filter.keyPrefix() != null) {
            where.and("e.entityKey like :keyPrefix escape '!'", "keyPrefix",
                    InstanceQueries.likePrefix(filter.keyPrefix()));
        }
        if (filter.lastModifiedFrom() != null) {
            where.and("e.lastModifiedAt >= :from", "from", filter.lastModifiedFrom());
        }
        if (filter.lastModifiedTo() != null) {
            where.and("e.lastModifiedAt <= :to", "to", filter.lastModifiedTo());
        }
        if (!filter.includeTransient()) {
            where.text.append(" and e.state is not null");
        }
        return where;
    }

    private static EntitySnapshot snapshot(EntityLine line) {
        return new EntitySnapshot(EntityInstanceId.fromString(line.entityId()), line.lastModifiedAt(),
                (int) line.backlog(), line.lockedBy(), line.stateLength(), line.state());
    }
}
