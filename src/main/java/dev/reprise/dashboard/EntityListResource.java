package dev.reprise.dashboard;

import dev.reprise.api.InvalidRequestException;
import dev.reprise.dispatch.Engine;
import dev.reprise.query.EntityPage;
import dev.reprise.query.EntityQueries;
import dev.reprise.query.EntitySnapshot;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The entity list: durable entities by name and key prefix, ordered by entity ID, in pages with continuation tokens,
 * each with its last operation's time, whether it holds state, its backlog and its lock; refreshing itself while an
 * entity it shows has operations waiting. Read through the query side ({@link EntityQueries}), as
 * {@code DurableClient.queryEntities} reads.
 */
@Path("/dashboard/entities")
@Produces(MediaType.TEXT_HTML)
public class EntityListResource {

    /** The list page, ready for its template. */
    public record EntityListView(String name, String key, boolean all, List<InstanceListResource.SizeChoice> sizes,
                                 List<String> names, List<EntityLine> rows, String firstQuery, String nextQuery,
                                 String refreshQuery, boolean live, String error) {
    }

    /**
     * One entity of the page.
     *
     * @param state   how much state it holds ({@code 12 characters}), or empty when it has none
     * @param locking a link to the orchestration holding it in a critical section, or {@code null}
     */
    public record EntityLine(String entityId, String link, String name, String key, String modified, boolean hasState,
                             String state, int backlog, InstanceResource.Link locking) {
    }

    private final EntityQueries queries;
    private final Engine engine;
    private final Pages pages;

    EntityListResource(EntityQueries queries, Engine engine, Pages pages) {
        this.queries = queries;
        this.engine = engine;
        this.pages = pages;
    }

    @GET
    public Uni<RestResponse<TemplateInstance>> entities(@RestQuery String name, @RestQuery String key,
                                                        @RestQuery String all, @RestQuery String size,
                                                        @RestQuery String page,
                                                        @RestHeader("HX-Target") String target, RoutingContext rc) {
        Page layout = pages.page(rc, Section.ENTITIES, "Entities");
        boolean fragment = Pages.wants(target, "results");
        return queries.names().chain(stored -> {
            List<String> names = names(stored);
            return Uni.createFrom().deferred(() -> {
                EntityListParams params = EntityListParams.parse(name, key, all, size, page);
                return queries.page(params.filter(), params.page(), params.size(), false)
                        .map(result -> RestResponse.ok(render(layout, fragment, view(params, names, result, null))));
            }).onFailure(InvalidRequestException.class).recoverWithItem(e -> RestResponse.status(
                    RestResponse.Status.BAD_REQUEST, render(layout, fragment, view(null, names, null,
                            e.getMessage()))));
        });
    }

    private static TemplateInstance render(Page layout, boolean fragment, EntityListView view) {
        return fragment ? Views.entities$results(layout, view) : Views.entities(layout, view);
    }

    /** The registered entity names, then names only stored entities still have (their function is gone). */
    private List<String> names(List<String> stored) {
        List<String> out = new ArrayList<>(engine.entityNames());
        TreeSet<String> registered = new TreeSet<>();
        out.forEach(n -> registered.add(n.toLowerCase(Locale.ROOT)));
        stored.stream().filter(n -> !registered.contains(n)).forEach(out::add);
        return out;
    }

    /** The page; {@code params} and {@code result} are {@code null} when the request could not be read. */
    private static EntityListView view(EntityListParams params, List<String> names, EntityPage result, String error) {
        int size = params == null ? ListParams.DEFAULT_SIZE : params.size();
        List<EntityLine> rows = new ArrayList<>();
        boolean live = false;
        if (result != null) {
            for (EntitySnapshot e : result.entities()) {
                live |= e.backlog() > 0;
                String id = e.id().toString();
                rows.add(new EntityLine(id, Paths.entity(id), e.id().getName(), e.id().getKey(),
                        Format.time(e.lastModified()), e.hasState(),
                        e.hasState() ? e.stateLength() + " characters" : "", e.backlog(),
                        e.lockedBy() == null ? null : new InstanceResource.Link(e.lockedBy(),
                                Paths.instance(e.lockedBy()), "lock holder")));
            }
        }
        return new EntityListView(params == null ? null : params.name(), params == null ? null : params.key(),
                params != null && params.all(),
                InstanceListResource.SIZES.stream().map(n -> new InstanceListResource.SizeChoice(n, n == size))
                        .toList(),
                names, rows, params != null && params.page() != null ? params.query(null) : null,
                result != null && result.continuationToken() != null ? params.query(result.continuationToken())
                        : null,
                params == null ? null : params.query(params.page()), live, error);
    }
}
