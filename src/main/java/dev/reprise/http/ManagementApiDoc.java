package dev.reprise.http;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * What every route of the management API shares, documented once here instead of on each method of the
 * {@code *Api} interfaces: the {@code taskHub} and {@code connection} parameters that {@link TaskHubFilter} reads,
 * the 401 of {@link ApiKeyFilter}, the 404 of a task hub this service does not serve, and the {@link ApiError} body
 * of every error answer. Runs at build time.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ManagementApiDoc implements OASFilter {

    private static final String API_ERROR = "#/components/schemas/ApiError";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith(ApiPaths.ROOT)) {
                item.getOperations().values().forEach(ManagementApiDoc::document);
            }
        });
    }

    private static void document(Operation operation) {
        operation.addParameter(query(TaskHubFilter.TASK_HUB_PARAMETER, "The task hub, as Durable Functions' taskHub "
                + "(name in any case): this service's own hub, which the management URLs carry, or absent. Any other "
                + "hub answers 404 TaskHubNotFound and nothing is read or changed."));
        operation.addParameter(query(TaskHubFilter.CONNECTION_PARAMETER, "The storage connection, as Durable "
                + "Functions' connection: '" + TaskHubFilter.CONNECTION_NAME + "' (or AzureWebJobsStorage, any "
                + "case), which the management URLs carry, or absent. Any other name answers 404 TaskHubNotFound."));
        APIResponses responses = operation.getResponses();
        if (!responses.hasAPIResponse("401")) {
            responses.addAPIResponse("401", OASFactory.createAPIResponse().description(ApiDocs.UNAUTHORIZED));
        }
        APIResponse notFound = responses.getAPIResponse("404");
        if (notFound == null) {
            responses.addAPIResponse("404", OASFactory.createAPIResponse().description(ApiDocs.NO_TASK_HUB));
        } else if (!notFound.getDescription().contains(ApiDocs.NO_TASK_HUB)) {
            notFound.setDescription(notFound.getDescription() + "; or " + ApiDocs.NO_TASK_HUB);
        }
        responses.getAPIResponses().forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                if (response.getContent() == null) {
                    response.setContent(errorBody());
                }
            }
        });
    }

    private static Content errorBody() {
        return OASFactory.createContent().addMediaType(ApiDocs.JSON, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref(API_ERROR)));
    }

    private static Parameter query(String name, String description) {
        return OASFactory.createParameter().name(name).in(Parameter.In.QUERY).required(false)
                .description(description).schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }
}
