package dev.reprise.dashboard;

import dev.reprise.api.EntityInstanceId;
import dev.reprise.api.InvalidRequestException;
import dev.reprise.dispatch.Engine;
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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * One durable entity: its ID, its state as indented JSON, when an operation last ran, its backlog and its lock, and
 * the form that signals it an operation ({@link EntityActions}); reloading itself while operations wait for it.
 * Read through the query side.
 */
@Path("/dashboard/entity")
@Produces(MediaType.TEXT_HTML)
public class EntityResource {

    /**
     * The entity page, ready for its template.
     *
     * @param list       the entity list of its name
     * @param state      its state, indented, or {@code null} when it has none
     * @param registered whether an entity function of its name runs here (otherwise a signal is refused)
     */
    public record EntityView(String entityId, String self, String list, String name, String key, String modified,
                             String state, int stateLength, int backlog, InstanceResource.Link locking, boolean live,
                             boolean registered) {
    }

    private final EntityQueries queries;
    private final Engine engine;
    private final Pages pages;
    private final FormJson json;

    EntityResource(EntityQueries queries, Engine engine, Pages pages, FormJson json) {
        this.queries = queries;
        this.engine = engine;
        this.pages = pages;
        this.json = json;
    }

    @GET
    public Uni<RestResponse<TemplateInstance>> entity(@RestQuery String id, @RestHeader("HX-Target") String target,
                                                      RoutingContext rc) {
        Page page = pages.page(rc, Section.ENTITIES, id == null ? "Entity" : "Entity " + id);
        EntityInstanceId entityId;
        try {
            entityId = EntityInstanceId.fromString(id);
        } catch (InvalidRequestException e) {
            return Uni.createFrom().item(RestResponse.status(RestResponse.Status.BAD_REQUEST,
                    Views.message(page, "No entity ID", "Open an entity from the list; its page needs ?id=@name@key. "
                            + e.getMessage())));
        }
        return queries.entity(entityId, true).map(entity -> {
            if (entity == null) {
                return RestResponse.status(RestResponse.Status.NOT_FOUND, Views.message(page, "No such entity",
                        "No entity with ID '" + entityId + "' exists in task hub '" + page.taskHub()
                                + "': no operation was ever sent to it, or it was deleted and cleaned up."));
            }
            EntityView view = view(entity);
            return RestResponse.ok(Pages.wants(target, "detail") ? Views.entity$detail(page, view)
                    : Views.entity(page, view));
        });
    }

    private EntityView view(EntitySnapshot e) {
        String id = e.id().toString();
        String name = e.id().getName();
        InstanceResource.Link locking = e.lockedBy() == null ? null
                : new InstanceResource.Link(e.lockedBy(), Paths.instance(e.lockedBy()), "lock holder");
        return new EntityView(id, Paths.entity(id), Section.ENTITIES.path + "?name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8), name, e.id().getKey(),
                Format.time(e.lastModified()), json.pretty(e.state()), e.hasState() ? e.stateLength() : 0,
                e.backlog(), locking, e.backlog() > 0, engine.runsEntity(name));
    }
}
