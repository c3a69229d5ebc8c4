package dev.reprise.dashboard;

import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.query.InstanceFilter;
import dev.reprise.query.InstanceQueries;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The engine page: the backlog gauges, throughput, instances per status and the registered functions (orchestrators
 * and activities with their counts, entities by name). Throughput is computed without keeping state here: each
 * refresh sends back the totals it was shown (in its URL), and the next answer divides the difference by the time
 * between them.
 */
@Path("/dashboard/engine")
@Produces(MediaType.TEXT_HTML)
public class EngineResource {

    /** The engine page, ready for its template. */
    public record EngineView(long inboxDue, long workItemsDue, long leaseTakeovers, EngineStats.Totals totals,
                             List<Rate> rates, String refreshQuery, List<Count> statusCounts,
                             List<EngineStats.OrchestratorLine> orchestrators,
                             List<EngineStats.ActivityLine> activities, List<EntityName> entities) {
    }

    /** A throughput figure: per second over the last refresh interval. */
    public record Rate(String label, String perSecond) {
    }

    /** A registered entity and its link to the entity list filtered by its name. */
    public record EntityName(String name, String query) {
    }

    /** Instances of one runtime status in the task hub. */
    public record Count(String status, long count, String query) {
    }

    private final EngineStats stats;
    private final InstanceQueries queries;
    private final Pages pages;
    private final Clock clock;

    EngineResource(EngineStats stats, InstanceQueries queries, Pages pages, Clock clock) {
        this.stats = stats;
        this.queries = queries;
        this.pages = pages;
        this.clock = clock;
    }

    /**
     * @param at the time of the totals the page was shown last, epoch ms; with {@code steps}, {@code activities},
     *           {@code started} and {@code finished}, the base of the rates ({@code null} on the first load)
     */
    @GET
    public Uni<TemplateInstance> engine(@RestQuery Long at, @RestQuery Long steps, @RestQuery Long activities,
                                        @RestQuery Long started, @RestQuery Long finished,
                                        @RestHeader("HX-Target") String target, RoutingContext rc) {
        Page page = pages.page(rc, Section.ENGINE, "Engine");
        EngineStats.Totals now = stats.totals(clock.millis());
        List<Rate> rates = new ArrayList<>();
        if (at != null && steps != null && activities != null && started != null && finished != null
                && now.atMillis() > at) {
            double seconds = (now.atMillis() - at) / 1000.0;
            rates.add(new Rate("Orchestration steps", Format.rate((now.steps() - steps) / seconds)));
            rates.add(new Rate("Activity executions", Format.rate((now.activities() - activities) / seconds)));
            rates.add(new Rate("Orchestrations started", Format.rate((now.started() - started) / seconds)));
            rates.add(new Rate("Orchestrations finished", Format.rate((now.finished() - finished) / seconds)));
        }
        String refresh = "at=" + now.atMillis() + "&steps=" + now.steps() + "&activities=" + now.activities()
                + "&started=" + now.started() + "&finished=" + now.finished();
        return queries.countByStatus(InstanceFilter.all()).map(counts -> {
            EngineView view = new EngineView(stats.inboxDue(), stats.workItemsDue(), stats.leaseTakeovers(), now,
                    rates, refresh, counts(counts), stats.orchestrators(), stats.activities(),
                    stats.entities().stream().map(n -> new EntityName(n, "name=" + URLEncoder.encode(n,
                            StandardCharsets.UTF_8))).toList());
            return Pages.wants(target, "figures") ? Views.engine$figures(page, view) : Views.engine(page, view);
        });
    }

    private static List<Count> counts(Map<OrchestrationRuntimeStatus, Long> counts) {
        List<Count> out = new ArrayList<>();
        counts.forEach((s, n) -> out.add(new Count(s.name(), n, "status=" + s.name())));
        return out;
    }
}
