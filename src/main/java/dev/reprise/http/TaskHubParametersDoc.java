package dev.reprise.http;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Documents {@code taskHub} and {@code connection}, which {@link TaskHubFilter} reads on every route of the management
 * API, on every operation of {@code /q/openapi}, once here instead of on each method. Runs at build time.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class TaskHubParametersDoc implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith(ApiPaths.ROOT)) {
                item.getOperations().values().forEach(TaskHubParametersDoc::addParameters);
            }
        });
    }

    private static void addParameters(Operation operation) {
        operation.addParameter(query(TaskHubFilter.TASK_HUB_PARAMETER, "The task hub, as Durable Functions' taskHub "
                + "(name in any case): this service's own hub, which the management URLs carry, or absent. Any other "
                + "hub answers 404 TaskHubNotFound and nothing is read or changed."));
        operation.addParameter(query(TaskHubFilter.CONNECTION_PARAMETER, "The storage connection, as Durable "
                + "Functions' connection: '" + TaskHubFilter.CONNECTION_NAME + "' (or AzureWebJobsStorage, any "
                + "case), which the management URLs carry, or absent. Any other name answers 404 TaskHubNotFound."));
    }

    private static Parameter query(String name, String description) {
        return OASFactory.createParameter().name(name).in(Parameter.In.QUERY).required(false)
                .description(description).schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }
}
