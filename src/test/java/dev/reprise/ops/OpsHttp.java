package dev.reprise.ops;

import dev.reprise.engine.Eventually;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The management API and /q/metrics as the operations tests use them. */
final class OpsHttp {

    static final String ROOT = "/runtime/webhooks/durabletask";
    private static final List<String> FINAL = List.of("Completed", "Failed", "Terminated");
    /** {@code name{labels} value} or {@code name value}, as the Prometheus text format writes a sample. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private OpsHttp() {
    }

    /** Starts orchestrator {@code name} over HTTP with {@code json} as input (none when null); returns the ID. */
    static String start(String name, String json) {
        var request = given().contentType(ContentType.JSON);
        if (json != null) {
            request = request.body(json);
        }
        Response r = request.post(ROOT + "/orchestrators/{name}", name);
        assertThat(r.statusCode()).as("start %s: %s", name, r.asString()).isEqualTo(202);
        return r.jsonPath().getString("id");
    }

    static String runtimeStatus(String instanceId) {
        return given().get(ROOT + "/instances/{id}", instanceId).jsonPath().getString("runtimeStatus");
    }

    /** Polls until the instance is Completed, Failed or Terminated; returns that status. */
    static String awaitFinished(String instanceId) {
        return Eventually.until("instance " + instanceId + " to finish", () -> runtimeStatus(instanceId),
                FINAL::contains);
    }

    static String awaitStatus(String instanceId, String status) {
        return Eventually.until("instance " + instanceId + " to be " + status, () -> runtimeStatus(instanceId),
                status::equals);
    }

    /** The body of /q/metrics. */
    static String scrape() {
        Response r = given().get("/q/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.asString();
    }

    /** One sample of a Prometheus scrape. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    static List<Sample> samples(String scrape) {
        return scrape.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> {
            Matcher m = SAMPLE.matcher(l.trim());
            assertThat(m.matches()).as("Prometheus sample line: %s", l).isTrue();
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher label = LABEL.matcher(m.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            return new Sample(m.group(1), labels, Double.parseDouble(m.group(4)));
        }).toList();
    }

    /** The sum of the samples named {@code name} whose labels include {@code labels} (0 when there are none). */
    static double value(String scrape, String name, Map<String, String> labels) {
        return samples(scrape).stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    /** Whether any sample is named {@code name}. */
    static boolean has(String scrape, String name) {
        return samples(scrape).stream().anyMatch(s -> s.name().equals(name));
    }
}
