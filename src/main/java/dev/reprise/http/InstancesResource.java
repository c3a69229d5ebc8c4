package dev.reprise.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.api.DurableClient;
import dev.reprise.api.InstanceQuery;
import dev.reprise.api.InvalidRequestException;
import dev.reprise.api.OrchestrationMetadata;
import dev.reprise.api.OrchestrationNotFoundException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.time.Instant;
import java.util.List;

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
                                UriInfo uri) {
        return Uni.createFrom().deferred(() -> {
            boolean history = RequestParams.flag(showHistory, "showHistory", false);
            boolean historyOutput = RequestParams.flag(showHistoryOutput, "showHistoryOutput", false);
            boolean input = RequestParams.flag(showInput, "showInput", true);
            return client.getInstanceMetadata(instanceId, true).chain(m -> {
                if (m == null) {
                    throw RequestParams.notFound(instanceId);
                }
                Uni<List<JsonNode>> events = history
                        ? client.getInstanceHistory(instanceId).map(h -> historyView.render(h, historyOutput))
                        : Uni.createFrom().nullItem();
                return events.map(h -> statusResponse(m, input, h, uri));
            });
        });
    }

    /** 200 once finished; 202 with the status URL while it runs, as Durable Functions answers. */
    private Response statusResponse(OrchestrationMetadata m, boolean showInput, List<JsonNode> history,
                                    UriInfo uri) {
        InstanceStatus body = toStatus(m, showInput, history);
        if (m.isCompleted()) {
            return Response.ok(body).build();
        }
        String location = management.payload(uri.getBaseUri(), m.getInstanceId()).statusQueryGetUri();
        return Response.accepted(body).header("Location", location)
                .header("Retry-After", HttpManagement.RETRY_AFTER_SECONDS).build();
    }

    private static InstanceStatus toStatus(OrchestrationMetadata m, boolean showInput, List<JsonNode> history) {
        return new InstanceStatus(m.getName(), m.getInstanceId(), m.getRuntimeStatus().name(),
                showInput ? m.getSerializedInput() : null, m.getSerializedCustomStatus(), m.getSerializedOutput(),
                m.getFailureDetails(), m.getCreatedAt(), m.getLastUpdatedAt(), history);
    }

    @Override
    public Uni<Response> query(String runtimeStatus, String createdTimeFrom, String createdTimeTo,
                               String instanceIdPrefix, String top, String showInput, String continuationToken) {
        return Uni.createFrom().deferred(() -> {
            boolean input = RequestParams.flag(showInput, "showInput", false);
            InstanceQuery query = new InstanceQuery(RequestParams.statuses(runtimeStatus),
                    RequestParams.time(createdTimeFrom, "createdTimeFrom"),
                    RequestParams.time(createdTimeTo, "createdTimeTo"),
                    instanceIdPrefix == null || instanceIdPrefix.isEmpty() ? null : instanceIdPrefix,
                    RequestParams.pageSize(top), continuationToken, true);
            return client.queryInstances(query).map(page -> {
                List<InstanceStatus> body = page.instances().stream().map(m -> toStatus(m, input, null)).toList();
                Response.ResponseBuilder ok = Response.ok(body);
                if (page.continuationToken() != null) {
                    ok.header(ApiDocs.CONTINUATION_HEADER, page.continuationToken());
                }
                return ok.build();
            });
        });
    }

    @Override
    public Uni<Response> purge(String instanceId) {
        return client.purgeInstance(instanceId).map(n -> Response.ok(new PurgeResult(n)).build())
                .onFailure(OrchestrationNotFoundException.class).transform(e -> RequestParams.notFound(instanceId));
    }

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
                    .map(n -> Response.ok(new PurgeResult(n)).build());
        });
    }
}
