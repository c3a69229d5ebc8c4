package dev.reprise.dashboard;

import dev.reprise.api.InvalidRequestException;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.dispatch.Engine;
import dev.reprise.query.InstanceFilter;
import dev.reprise.query.InstancePage;
import dev.reprise.query.InstanceQueries;
import dev.reprise.query.InstanceSnapshot;
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

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The instance list: filters, counts per runtime status, pages in the chosen order, refreshing itself while any
 * instance it shows is Pending or Running. Read through the query side ({@link InstanceQueries}).
 */
@Path("/dashboard")
@Produces(MediaType.TEXT_HTML)
public class InstanceListResource {

    /** The list page, ready for its template. */
    public record ListView(List<StatusChoice> statuses, String name, String prefix, String from, String to,
                           List<SortChoice> sorts, List<SizeChoice> sizes, List<String> orchestrators,
                           List<StatusCount> counts, List<InstanceLine> rows, String firstQuery, String nextQuery,
                           String refreshQuery, boolean live, String error) {
    }

    /** A status checkbox of the filter. */
    public record StatusChoice(String name, boolean selected) {
    }

    /** An option of the sort list. */
    public record SortChoice(String value, String label, boolean selected) {
    }

    /** An option of the page size list. */
    public record SizeChoice(int value, boolean selected) {
    }

    /** How many instances of the filter have a status; {@code query} shows only those. */
    public record StatusCount(String status, long count, String query, boolean selected) {
    }

    /** One instance of the page. */
    public record InstanceLine(String instanceId, String link, String name, String status, String created,
                               String updated, String age) {
    }

    static final List<Integer> SIZES = List.of(10, 25, 50, 100, 250);

    private final InstanceQueries queries;
    private final Engine engine;
    private final Pages pages;
    private final Clock clock;

    InstanceListResource(InstanceQueries queries, Engine engine, Pages pages, Clock clock) {
        this.queries = queries;
        this.engine = engine;
        this.pages = pages;
        this.clock = clock;
    }

    @GET
    public RestResponse<Void> home() {
        return RestResponse.seeOther(URI.create(pages.base() + Section.INSTANCES.path));
    }

    @GET
    @Path("instances")
    public Uni<RestResponse<TemplateInstance>> instances(@RestQuery List<String> status, @RestQuery String name,
                                                         @RestQuery String prefix, @RestQuery String from,
                                                         @RestQuery String to, @RestQuery String sort,
                                                         @RestQuery String size, @RestQuery String page,
                                                         @RestHeader("HX-Target") String target, RoutingContext rc) {
        Page layout = pages.page(rc, Section.INSTANCES, "Instances");
        boolean fragment = Pages.wants(target, "results");
        return Uni.createFrom().deferred(() -> {
            ListParams params = ListParams.parse(status, name, prefix, from, to, sort, size, page);
            InstanceFilter filter = params.filter();
            return Uni.combine().all().unis(queries.page(filter, params.order(), params.page(), params.size(), false),
                            queries.countByStatus(filter)).asTuple()
                    .map(t -> RestResponse.ok(render(layout, fragment, view(params, t.getItem1(), t.getItem2(),
                            null))));
        }).onFailure(InvalidRequestException.class).recoverWithItem(e -> RestResponse.status(
                RestResponse.Status.BAD_REQUEST, render(layout, fragment, view(null, null, null, e.getMessage()))));
    }

    private static TemplateInstance render(Page layout, boolean fragment, ListView view) {
        return fragment ? Views.instances$results(layout, view) : Views.instances(layout, view);
    }

    /** The page; {@code params} and the results are {@code null} when the request could not be read. */
    private ListView view(ListParams params, InstancePage page, Map<OrchestrationRuntimeStatus, Long> counts,
                          String error) {
        List<OrchestrationRuntimeStatus> selected = params == null ? List.of() : params.statuses();
        String sort = params == null ? ListParams.SORTS.get(0).value() : params.sort();
        int size = params == null ? ListParams.DEFAULT_SIZE : params.size();
        List<StatusCount> countLinks = new ArrayList<>();
        List<InstanceLine> rows = new ArrayList<>();
        boolean live = false;
        if (page != null) {
            counts.forEach((s, n) -> countLinks.add(new StatusCount(s.name(), n, params.withStatuses(List.of(s)),
                    selected.equals(List.of(s)))));
            for (InstanceSnapshot i : page.instances()) {
                live |= i.runtimeStatus() == OrchestrationRuntimeStatus.Pending
                        || i.runtimeStatus() == OrchestrationRuntimeStatus.Running;
                rows.add(new InstanceLine(i.instanceId(), Paths.instance(i.instanceId()), i.name(),
                        i.runtimeStatus().name(), Format.time(i.createdAt()), Format.time(i.lastUpdatedAt()),
                        Format.duration(Duration.between(i.createdAt(), i.completedAt() != null ? i.completedAt()
                                : clock.instant()))));
            }
        }
        return new ListView(
                Arrays.stream(OrchestrationRuntimeStatus.values())
                        .map(s -> new StatusChoice(s.name(), selected.contains(s))).toList(),
                params == null ? null : params.name(), params == null ? null : params.prefix(),
                params == null ? null : params.from(), params == null ? null : params.to(),
                ListParams.SORTS.stream().map(c -> new SortChoice(c.value(), c.label(), c.value().equals(sort)))
                        .toList(),
                SIZES.stream().map(n -> new SizeChoice(n, n == size)).toList(),
                List.copyOf(engine.orchestratorNames()), countLinks, rows,
                params != null && params.page() != null ? params.query(null) : null,
                page != null && page.continuationToken() != null ? params.query(page.continuationToken()) : null,
                params == null ? null : params.query(params.page()), live, error);
    }
}
