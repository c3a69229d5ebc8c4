package dev.reprise.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.http.CommandsApi;
import dev.reprise.http.EntitiesApi;
import dev.reprise.http.InstancesApi;
import dev.reprise.http.StartApi;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** /q/openapi documents every management route with its answers; Swagger UI serves it. */
@QuarkusTest
class OpenApiTest {

    private static final String ROOT = OpsHttp.ROOT;
    /**
     * Every route of the management API and the status codes it documents. 404 is on every route: a request naming
     * another task hub (taskHub=, connection=) answers it. The codes follow Durable Functions' HTTP API reference and
     * its extension's HttpApiHandler: 200 on the starts when they waited (timeout=), 400 for an unknown orchestrator
     * and for restarting an unknown instance, 412 for purging a live instance, 404 for a purge by filter that matched
     * nothing, 500 for a Failed instance with returnInternalServerErrorOnFailure=true; for entities, 202 on signal and
     * delete, 404 for an entity without state and for an entity name no function is registered under.
     */
    private static final Map<String, Set<String>> ROUTES = new TreeMap<>(Map.ofEntries(
            Map.entry("post " + ROOT + "/orchestrators/{name}",
                    Set.of("200", "202", "400", "401", "404", "413", "415")),
            Map.entry("post " + ROOT + "/orchestrators/{name}/{instanceId}",
                    Set.of("200", "202", "400", "401", "404", "409", "413", "415")),
            Map.entry("get " + ROOT + "/instances/{instanceId}", Set.of("200", "202", "400", "401", "404", "500")),
            Map.entry("delete " + ROOT + "/instances/{instanceId}", Set.of("200", "400", "401", "404", "412")),
            Map.entry("get " + ROOT + "/instances", Set.of("200", "400", "401", "404")),
            Map.entry("delete " + ROOT + "/instances", Set.of("200", "400", "401", "404")),
            Map.entry("post " + ROOT + "/instances/{instanceId}/raiseEvent/{eventName}",
                    Set.of("202", "400", "401", "404", "410", "413", "415")),
            Map.entry("post " + ROOT + "/instances/{instanceId}/terminate", Set.of("202", "400", "401", "404", "410")),
            Map.entry("post " + ROOT + "/instances/{instanceId}/suspend", Set.of("202", "400", "401", "404", "410")),
            Map.entry("post " + ROOT + "/instances/{instanceId}/resume", Set.of("202", "400", "401", "404", "410")),
            Map.entry("post " + ROOT + "/instances/{instanceId}/rewind",
                    Set.of("202", "400", "401", "404", "409", "410")),
            Map.entry("post " + ROOT + "/instances/{instanceId}/restart",
                    Set.of("200", "202", "400", "401", "404", "409")),
            Map.entry("post " + ROOT + "/tick", Set.of("200", "401", "404")),
            Map.entry("get " + ROOT + "/entities/{name}/{key}", Set.of("200", "400", "401", "404")),
            Map.entry("post " + ROOT + "/entities/{name}/{key}", Set.of("202", "400", "401", "404", "413", "415")),
            Map.entry("delete " + ROOT + "/entities/{name}/{key}", Set.of("202", "400", "401", "404")),
            Map.entry("get " + ROOT + "/entities/{name}", Set.of("200", "400", "401", "404")),
            Map.entry("get " + ROOT + "/entities", Set.of("200", "400", "401", "404"))));

    private JsonNode document;

    @BeforeEach
    void fetch() throws Exception {
        String json = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString();
        document = new ObjectMapper().readTree(json);
    }

    @Test
    void everyRouteOfTheResource_isListedHere() {
        Set<String> declared = new HashSet<>();
        for (Class<?> api : List.of(StartApi.class, InstancesApi.class, CommandsApi.class, EntitiesApi.class)) {
            String root = api.getAnnotation(Path.class).value();
            for (Method m : api.getDeclaredMethods()) {
                String verb = m.isAnnotationPresent(GET.class) ? "get" : m.isAnnotationPresent(POST.class) ? "post"
                        : m.isAnnotationPresent(DELETE.class) ? "delete" : null;
                if (verb != null) {
                    Path path = m.getAnnotation(Path.class);
                    declared.add(verb + " " + root + (path == null ? "" : path.value()));
                }
            }
        }
        assertThat(declared).containsExactlyInAnyOrderElementsOf(ROUTES.keySet());
    }

    @Test
    void everyRoute_documentsItsAnswers() {
        List<String> problems = new ArrayList<>();
        ROUTES.forEach((route, codes) -> {
            String[] parts = route.split(" ", 2);
            JsonNode operation = document.path("paths").path(parts[1]).path(parts[0]);
            if (operation.isMissingNode()) {
                problems.add(route + ": not in /q/openapi");
                return;
            }
            Set<String> documented = new HashSet<>();
            operation.path("responses").fieldNames().forEachRemaining(documented::add);
            if (!documented.equals(codes)) {
                problems.add(route + ": documents " + documented + ", expected " + codes);
            }
            if (operation.path("summary").asText().isBlank() || operation.path("tags").isEmpty()) {
                problems.add(route + ": no summary or tag");
            }
            for (String code : codes) {
                JsonNode response = operation.path("responses").path(code);
                if (response.path("description").asText().isBlank()) {
                    problems.add(route + " " + code + ": no description");
                }
                if (code.startsWith("4") && !response.path("content").path("application/json").path("schema")
                        .path("$ref").asText().endsWith("/ApiError")) {
                    problems.add(route + " " + code + ": error body not the ApiError schema");
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    /** Durable Functions' common parameters (HTTP API reference, "Base URL and common parameters"), on every route. */
    @Test
    void everyRoute_documentsTaskHubAndConnection() {
        List<String> missing = new ArrayList<>();
        ROUTES.keySet().forEach(route -> {
            String[] parts = route.split(" ", 2);
            Set<String> names = new HashSet<>();
            document.path("paths").path(parts[1]).path(parts[0]).path("parameters")
                    .forEach(p -> names.add(p.path("in").asText() + ":" + p.path("name").asText()));
            for (String expected : List.of("query:taskHub", "query:connection")) {
                if (!names.contains(expected)) {
                    missing.add(route + " " + expected);
                }
            }
        });
        assertThat(missing).isEmpty();
    }

    @Test
    void startAndStatusRoutes_documentTheirDurableFunctionsParameters() {
        JsonNode paths = document.path("paths");
        assertThat(parameterNames(paths.path(ROOT + "/orchestrators/{name}").path("post")))
                .contains("timeout", "pollingInterval");
        assertThat(parameterNames(paths.path(ROOT + "/instances/{instanceId}/restart").path("post")))
                .contains("timeout", "pollingInterval", "restartWithNewInstanceId");
        assertThat(parameterNames(paths.path(ROOT + "/entities/{name}").path("get")))
                .contains("lastOperationTimeFrom", "lastOperationTimeTo", "top", "fetchState");
        assertThat(parameterNames(paths.path(ROOT + "/entities/{name}/{key}").path("post"))).contains("op");
        assertThat(parameterNames(paths.path(ROOT + "/instances/{instanceId}").path("get")))
                .contains("showHistory", "showHistoryOutput", "showInput", "returnInternalServerErrorOnFailure",
                        "historyFormat");
    }

    private static Set<String> parameterNames(JsonNode operation) {
        Set<String> names = new HashSet<>();
        operation.path("parameters").forEach(p -> names.add(p.path("name").asText()));
        return names;
    }

    @Test
    void schemasAndKeyAreDescribed() {
        JsonNode schemas = document.path("components").path("schemas");
        assertThat(schemas.path("ApiError").path("properties").has("error")).isTrue();
        assertThat(schemas.path("ApiError").path("properties").has("message")).isTrue();
        assertThat(schemas.path("HttpManagementPayload").path("properties").has("statusQueryGetUri")).isTrue();
        assertThat(schemas.path("InstanceStatus").path("properties").has("runtimeStatus")).isTrue();
        assertThat(schemas.path("PurgeResult").path("properties").has("instancesDeleted")).isTrue();
        assertThat(schemas.path("EntityStatus").path("properties").has("lastOperationTime")).isTrue();

        JsonNode keys = document.path("components").path("securitySchemes");
        assertThat(keys.path("functionsKey").path("name").asText()).isEqualTo("x-functions-key");
        assertThat(keys.path("functionsKey").path("in").asText()).isEqualTo("header");
        assertThat(keys.path("functionsKeyCode").path("name").asText()).isEqualTo("code");
        assertThat(keys.path("functionsKeyCode").path("in").asText()).isEqualTo("query");
        assertThat(document.path("info").path("title").asText()).isEqualTo("Reprise management API");
    }

    @Test
    void swaggerUi_isServed() {
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
