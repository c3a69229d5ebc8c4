package dev.reprise.http;

import dev.reprise.api.DurableClient;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Holds every route of the management API to the one task hub this service serves ({@code reprise.task-hub}).
 * Durable Functions lets a request pick its task hub and storage connection with the {@code taskHub} and
 * {@code connection} query parameters (parameter names in any case, blank values ignored). Reprise's store is bound to
 * one hub per process, so a request that names another hub, or another connection, answers
 * {@link TaskHubNotFoundException} (404) before its route runs: it is never read from, nor applied to, this hub.
 * Naming this hub, or naming none, is served as usual.
 */
public class TaskHubFilter {

    /** The query parameter naming the task hub, as Durable Functions reads it. */
    public static final String TASK_HUB_PARAMETER = "taskHub";
    /** The query parameter naming the storage connection, as Durable Functions reads it. */
    public static final String CONNECTION_PARAMETER = "connection";
    /**
     * The name of the one storage connection, as the management URLs carry it: Durable Functions' name for the
     * default storage connection, so that URLs and scripts written for it address the same store here.
     */
    public static final String CONNECTION_NAME = "Storage";
    /** The names Durable Functions gives its default storage connection (app setting names ignore case). */
    private static final Set<String> CONNECTION_NAMES = Set.of("storage", "azurewebjobsstorage");

    private final String taskHub;

    TaskHubFilter(DurableClient client) {
        this.taskHub = client.getTaskHubName();
    }

    @ServerRequestFilter
    public void requireThisTaskHub(UriInfo uri, SimpleResourceInfo resource) {
        Class<?> target = resource.getResourceClass();
        if (target == null || !(StartApi.class.isAssignableFrom(target) || InstancesApi.class.isAssignableFrom(target)
                || CommandsApi.class.isAssignableFrom(target) || EntitiesApi.class.isAssignableFrom(target))) {
            return;
        }
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            String name = parameter.getKey();
            for (String value : parameter.getValue()) {
                if (value == null || value.isBlank()) {
                    continue;
                }
                if (name.equalsIgnoreCase(TASK_HUB_PARAMETER) && !value.equals(taskHub)) {
                    // Exact comparison: the store keys hubs by their exact name, so 'Hub' and 'hub' are two hubs.
                    throw new TaskHubNotFoundException("This service serves task hub '" + taskHub + "' only; the "
                            + "request names task hub '" + value + "' (" + name + "=" + value + "). Send it to a "
                            + "service of that hub, or drop the parameter to address '" + taskHub + "'.");
                }
                if (name.equalsIgnoreCase(CONNECTION_PARAMETER)
                        && !CONNECTION_NAMES.contains(value.toLowerCase(Locale.ROOT))) {
                    throw new TaskHubNotFoundException("This service has one storage connection, '" + CONNECTION_NAME
                            + "'; the request names connection '" + value + "' (" + name + "=" + value + "). Send "
                            + "it to the service that uses that connection, or drop the parameter.");
                }
            }
        }
    }
}
