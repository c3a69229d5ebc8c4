package dev.reprise.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.api.DurableClient;
import dev.reprise.api.InstanceQuery;
import dev.reprise.api.InvalidRequestException;
import dev.reprise.api.OrchestrationMetadata;
import dev.reprise.api.OrchestrationNotFoundException;
import dev.reprise.api.OrchestrationRuntimeStatus;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** Reads and purges instances: {@link InstancesApi} over the {@link DurableClient}. */
public class InstancesResource implements InstancesApi {

    private final DurableClient client;
    private final HistoryView historyView;
    private final HttpManagement management;

    InstancesResource(DurableClient client, HistoryView historyView, HttpManagement management) {
        this.client = client;
        this.historyView = historyView;
        this.management = management;
    }

    @Override
    public Uni<Response> status(String instanceId, String showHistory, String showHistoryOutput, String showInput,
                                String errorOnFailure, String historyFormat, String timeout, UriInfo uri) {
        return Uni.createFrom().deferred(() -> {
            Duration wait = RequestParams.seconds(timeout, "timeout");
            boolean history = RequestParams.flag(showHistory, "showHistory", false);
            boolean historyOutput = RequestParams.flag(showHistoryOutput, "showHistoryOutput", false);
            boolean input = RequestParams.flag(showInput, "showInput", true);
            boolean failureIs500 = RequestParams.flag(errorOnFailure, "returnInternalServerErrorOnFailure", false);
            HistoryView.Format format = RequestParams.historyFormat(historyFormat);
            return finishedOrNow(instanceId, wait).chain(m -> {
                if (m == null) {
                    throw RequestParams.notFound(instanceId);
                }
                // Durable Functions shows no history for an instance that has not started yet.
                boolean withHistory = history && (format == HistoryView.Format.REPRISE
                        || m.getRuntimeStatus() != OrchestrationRuntimeStatus.Pending);
                Uni<List<JsonNode>> events = withHistory
                        ? client.getInstanceHistory(instanceId).map(h -> historyView.render(h, historyOutput, format))
                        : Uni.createFrom().nullItem();
                return events.map(h -> management.statusResponse(uri.getBaseUri(), m, input, h, failureIs500));
            });
        });
    }

    /**
     * The instance as it is now or, with a {@code wait}, once it finished or the wait ended (a long poll: the client's
     * request waits instead of the client polling); {@code null} when unknown.
     */
    private Uni<OrchestrationMetadata> finishedOrNow(String instanceId, Duration wait) {
        Uni<OrchestrationMetadata> now = client.getInstanceMetadata(instanceId, true);
        if (wait == null || wait.isZero()) {
            return now;
        }
        return now.chain(m -> m == null || m.isCompleted() ? Uni.createFrom().item(m)
                : client.waitForInstanceCompletion(instanceId, wait)
                .onFailure(TimeoutException.class).recoverWithUni(() -> client.getInstanceMetadata(instanceId, true))
                .onFailure(OrchestrationNotFoundException.class).recoverWithNull());
    }

    /** As Durable Functions' list, each instance's input is included unless {@code showInput=false}. */
    @Override
    public Uni<Response> query(String runtimeStatus, String createdTimeFrom, String createdTimeTo,
                               String instanceIdPrefix, String top, String showInput, String continuationToken) {
        return Uni.createFrom().deferred(() -> {
            boolean input = RequestParams.flag(showInput, "showInput", true);
            InstanceQuery query = new InstanceQuery(RequestParams.statuses(runtimeStatus),
                    RequestParams.time(createdTimeFrom, "createdTimeFrom"),
                    RequestParams.time(createdTimeTo, "createdTimeTo"),
                    instanceIdPrefix == null || instanceIdPrefix.isEmpty() ? null : instanceIdPrefix,
                    RequestParams.pageSize(top), continuationToken, true);
            return client.queryInstances(query).map(page -> {
                List<InstanceStatus> body = page.instances().stream()
                        .map(m -> InstanceStatus.of(m, input, null)).toList();
                Response.ResponseBuilder ok = Response.ok(body);
                if (page.continuationToken() != null) {
                    ok.header(ApiDocs.CONTINUATION_HEADER, page.continuationToken());
                }
                return ok.build();
            });
        });
    }

    /** As Durable Functions' purge: 404 for an unknown instance, 412 for one that has not finished. */
    @Override
    public Uni<Response> purge(String instanceId, String recursive) {
        return Uni.createFrom().deferred(() -> {
            boolean descendants = RequestParams.flag(recursive, "recursive", true);
            return purge(instanceId, descendants);
        });
    }

    private Uni<Response> purge(String instanceId, boolean recursive) {
        return client.getInstanceMetadata(instanceId, false).chain(m -> {
            if (m == null) {
                throw RequestParams.notFound(instanceId);
            }
            if (!m.isCompleted()) {
                throw new InstanceNotFinishedException("Orchestration instance '" + instanceId + "' is "
                        + m.getRuntimeStatus() + "; only Completed, Failed or Terminated instances can be purged. "
                        + "Terminate it first.");
            }
            return client.purgeInstance(instanceId, recursive).map(n -> Response.ok(new PurgeResult(n)).build())
                    .onFailure(OrchestrationNotFoundException.class).transform(e -> RequestParams.notFound(instanceId));
        });
    }

    /** As Durable Functions' purge by filter: 404 when no instance matched. */
    @Override
    public Uni<Response> purgeMany(String createdTimeFrom, String createdTimeTo, String runtimeStatus) {
        return Uni.createFrom().deferred(() -> {
            Instant from = RequestParams.time(createdTimeFrom, "createdTimeFrom");
            if (from == null) {
                throw new InvalidRequestException("createdTimeFrom is required to purge instances by filter, e.g. "
                        + "?createdTimeFrom=2026-01-01T00:00:00Z");
            }
            return client.purgeInstances(from, RequestParams.time(createdTimeTo, "createdTimeTo"),
                            RequestParams.statuses(runtimeStatus))
                    .map(n -> {
                        if (n == 0) {
                            throw new NoMatchingInstancesException("No finished instance was created in that window "
                                    + "with those statuses; nothing was purged. Widen createdTimeFrom/createdTimeTo "
                                    + "or runtimeStatus.");
                        }
                        return Response.ok(new PurgeResult(n)).build();
                    });
        });
    }
}
