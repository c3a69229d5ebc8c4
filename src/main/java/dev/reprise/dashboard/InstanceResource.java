package dev.reprise.dashboard;

import dev.reprise.api.FailureDetails;
import dev.reprise.api.HistoryEvent;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.query.HistoryQueries;
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

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * One instance: its state, payloads, failure with the inner failures, parent and children, and its history as a
 * timeline and as a table; reloading itself while it is Pending, Running or Suspended. Read through the query side;
 * its commands are {@link InstanceActions}.
 */
@Path("/dashboard/instance")
@Produces(MediaType.TEXT_HTML)
public class InstanceResource {

    /** The instance page, ready for its template. */
    public record InstanceView(String instanceId, String self, String name, String status, boolean live,
                               boolean finished, boolean suspended, String executionId, String created,
                               String updated, String completed, String scheduledStart, String input, String output,
                               String customStatus, List<FailureLevel> failures, Link parent, List<Link> children,
                               Timeline timeline, List<HistoryLines.EventLine> events, int eventCount,
                               int omittedEvents) {
    }

    /** One failure of the chain: the instance's, then each inner failure. */
    public record FailureLevel(int depth, String errorType, String errorMessage, boolean nonRetriable,
                               String stackTrace) {
    }

    /** A link to another instance. */
    public record Link(String instanceId, String href, String label) {
    }

    private final InstanceQueries instances;
    private final HistoryQueries histories;
    private final Pages pages;
    private final FormJson json;
    private final Clock clock;

    InstanceResource(InstanceQueries instances, HistoryQueries histories, Pages pages, FormJson json,
                     Clock clock) {
        this.instances = instances;
        this.histories = histories;
        this.pages = pages;
        this.json = json;
        this.clock = clock;
    }

    @GET
    public Uni<RestResponse<TemplateInstance>> instance(@RestQuery String id, @RestHeader("HX-Target") String target,
                                                        RoutingContext rc) {
        Page page = pages.page(rc, Section.INSTANCES, id == null ? "Instance" : "Instance " + id);
        if (id == null || id.isEmpty()) {
            return Uni.createFrom().item(RestResponse.status(RestResponse.Status.BAD_REQUEST,
                    Views.message(page, "No instance ID", "Open an instance from the list; its page needs ?id=.")));
        }
        return instances.instance(id).chain(snapshot -> {
            if (snapshot == null) {
                return Uni.createFrom().item(RestResponse.status(RestResponse.Status.NOT_FOUND,
                        Views.message(page, "No such instance", "No orchestration instance with ID '" + id
                                + "' exists in task hub '" + page.taskHub() + "'; it may have been purged.")));
            }
            return histories.history(id).map(history -> {
                InstanceView view = view(snapshot, history);
                return RestResponse.ok(Pages.wants(target, "detail") ? Views.instance$detail(page, view)
                        : Views.instance(page, view));
            });
        });
    }

    private InstanceView view(InstanceSnapshot s, List<HistoryEvent> history) {
        OrchestrationRuntimeStatus status = s.runtimeStatus();
        boolean live = !status.isTerminal();
        List<Link> children = new ArrayList<>();
        for (HistoryEvent e : history) {
            if (e instanceof HistoryEvent.SubOrchestrationInstanceCreated c) {
                children.add(new Link(c.instanceId(), Paths.instance(c.instanceId()), c.name()));
            }
        }
        Link parent = s.parentInstanceId() == null ? null
                : new Link(s.parentInstanceId(), Paths.instance(s.parentInstanceId()), "parent");
        List<HistoryLines.EventLine> lines = HistoryLines.of(history);
        return new InstanceView(s.instanceId(), Paths.instance(s.instanceId()), s.name(), status.name(), live,
                status.isTerminal(), status == OrchestrationRuntimeStatus.Suspended, s.executionId(),
                Format.time(s.createdAt()), Format.time(s.lastUpdatedAt()), Format.time(s.completedAt()),
                Format.time(s.scheduledStartAt()), json.pretty(s.input()), json.pretty(s.output()),
                json.pretty(s.customStatus()),
                failures(s.failure()), parent, children, Timeline.of(history, clock.instant(), live), lines,
                history.size(), history.size() - lines.size());
    }

    private static List<FailureLevel> failures(FailureDetails failure) {
        List<FailureLevel> out = new ArrayList<>();
        for (FailureDetails f = failure; f != null && out.size() < 20; f = f.innerFailure()) {
            out.add(new FailureLevel(out.size(), f.errorType(), f.errorMessage(), f.nonRetriable(), f.stackTrace()));
        }
        return out;
    }
}
