package dev.reprise.http;

import dev.reprise.api.DurableClient;
import dev.reprise.engine.Eventually;
import io.quarkus.arc.Arc;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Calls of the management API shared by the HTTP tests. */
final class HttpApi {

    static final String ROOT = "/runtime/webhooks/durabletask";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private HttpApi() {
    }

    /** This service's task hub ({@code reprise.task-hub} of the test profile). */
    static String taskHub() {
        return Arc.container().instance(DurableClient.class).get().getTaskHubName();
    }

    /**
     * The query every management URL carries, as Durable Functions' HttpApiHandler.GetClientResponseLinks builds it:
     * {@code taskHub=<hub>&connection=<connection>} (then {@code &code=<key>} when a key is set).
     */
    static String hubQuery() {
        return "taskHub=" + taskHub() + "&connection=Storage";
    }

    /** POST /orchestrators/{name}/{instanceId} with a JSON body (or none when {@code json} is null). */
    static Response start(String name, String instanceId, String json) {
        var request = given().contentType(ContentType.JSON);
        if (json != null) {
            request = request.body(json);
        }
        return request.post(ROOT + "/orchestrators/{name}/{id}", name, instanceId);
    }

    /**
     * Sends exactly what is given (no default headers, no encoding of {@code pathAndQuery}), for requests RestAssured
     * would "fix": no Content-Type at all, a form body, raw bytes. {@code headers} alternate names and values.
     */
    static HttpResponse<String> send(String method, String pathAndQuery, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                        + pathAndQuery)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Starts and asserts the 202. */
    static void started(String name, String instanceId, String json) {
        Response r = start(name, instanceId, json);
        assertThat(r.statusCode()).as("start %s as %s: %s", name, instanceId, r.asString()).isEqualTo(202);
    }

    static Response status(String instanceId) {
        return given().get(ROOT + "/instances/{id}", instanceId);
    }

    static String runtimeStatus(String instanceId) {
        Response r = status(instanceId);
        return r.statusCode() == 404 ? "<404>" : r.jsonPath().getString("runtimeStatus");
    }

    /** Polls the status URL until the instance reports {@code runtimeStatus}; returns that response. */
    static Response awaitStatus(String instanceId, String runtimeStatus) {
        return Eventually.until("instance " + instanceId + " to be " + runtimeStatus, () -> status(instanceId),
                r -> r.statusCode() != 404 && runtimeStatus.equals(r.jsonPath().getString("runtimeStatus")));
    }

    /** Asserts the shape every error answer has: JSON with a non-blank error and message. */
    static void assertJsonError(Response r, int status, String error) {
        assertThat(r.statusCode()).as("status of %s", r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.jsonPath().getString("error")).as("error of %s", r.asString()).isEqualTo(error);
        assertThat(r.jsonPath().getString("message")).as("message").isNotBlank();
    }
}
