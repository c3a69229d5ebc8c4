package dev.reprise.ops;

import dev.reprise.config.RepriseConfig;
import dev.reprise.engine.Eventually;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With tracing on, one trace runs from the HTTP start request through every orchestration step and every activity
 * execution, its context carried through the store (on the instance, then on each work item and child instance).
 */
@QuarkusTest
@TestProfile(TracingTest.TracingOn.class)
class TracingTest {

    /** The SDK on, spans exported at once to {@link InMemorySpans}, nothing sent over the network. */
    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.exporter.otlp.enabled", "false",
                    "quarkus.otel.simple", "true");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(InMemorySpans.class);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    InMemorySpanExporter spans;

    @Inject
    Pool pool;

    @Inject
    RepriseConfig config;

    @BeforeEach
    void forgetEarlierSpans() {
        spans.reset();
    }

    @Test
    void helloCities_oneTraceFromTheStartRequestThroughEveryStepAndActivity() {
        String id = OpsHttp.start("HelloCities", "[\"Paris\",\"Rome\",\"Oslo\"]");
        assertThat(OpsHttp.awaitFinished(id)).isEqualTo("Completed");

        // Each span is exported when it ends; the last step's ends just after its commit.
        List<SpanData> steps = Eventually.until("the 4 step spans of " + id, () -> ofInstance(id, "orchestration "),
                found -> found.size() == 4);
        List<SpanData> activities = ofInstance(id, "activity ");
        assertThat(activities).hasSize(3);

        String traceId = steps.get(0).getTraceId();
        SpanData request = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(traceId) && s.getKind() == SpanKind.SERVER)
                .findFirst().orElseThrow(() -> new AssertionError("no HTTP server span in trace " + traceId));
        assertThat(request.getName()).startsWith("POST").contains("/orchestrators/");
        assertThat(request.getParentSpanContext().isValid()).as("the request starts the trace").isFalse();

        assertThat(steps).allSatisfy(step -> {
            assertThat(step.getName()).isEqualTo("orchestration HelloCities step");
            assertThat(step.getTraceId()).isEqualTo(traceId);
            assertThat(step.getParentSpanId()).as("every step is a child of the start request")
                    .isEqualTo(request.getSpanId());
            assertThat(step.getKind()).isEqualTo(SpanKind.INTERNAL);
        });
        assertThat(activities).allSatisfy(activity -> {
            assertThat(activity.getName()).isEqualTo("activity SayHello");
            assertThat(activity.getTraceId()).isEqualTo(traceId);
        });
        // The start schedules SayHello #0, each result's step the next one, and the last step completes: so the
        // activities' parents are the first three steps, one each, in order.
        List<String> parents = activities.stream().sorted(Comparator.comparing(SpanData::getStartEpochNanos))
                .map(SpanData::getParentSpanId).toList();
        List<String> firstThreeSteps = steps.subList(0, 3).stream().map(SpanData::getSpanId).toList();
        assertThat(parents).containsExactlyElementsOf(firstThreeSteps);
        assertThat(steps.get(3).getAttributes().get(EngineTracing.RUNTIME_STATUS)).isEqualTo("Completed");

        assertThat(storedTraceParent(id)).as("the instance's stored context is the start request's")
                .isEqualTo("00-" + traceId + "-" + request.getSpanId() + "-01");
    }

    @Test
    void subOrchestration_continuesTheParentsTrace() {
        String id = OpsHttp.start("ParallelTrips",
                "[{\"conference\":\"KubeCon\",\"origin\":\"Seattle\",\"destination\":\"San Francisco\"}]");
        assertThat(OpsHttp.awaitFinished(id)).isEqualTo("Completed");
        String child = id + ":0";

        List<SpanData> parentSteps = Eventually.until("the parent's last step span", () -> ofInstance(id,
                "orchestration "), found -> found.stream().anyMatch(s -> "Completed".equals(
                s.getAttributes().get(EngineTracing.RUNTIME_STATUS))));
        List<SpanData> childSteps = ofInstance(child, "orchestration ");
        List<SpanData> childActivities = ofInstance(child, "activity ");
        assertThat(childSteps).isNotEmpty().allSatisfy(s -> assertThat(s.getName())
                .isEqualTo("orchestration BookTrip step"));
        assertThat(childActivities).extracting(SpanData::getName)
                .contains("activity BookConference", "activity BookFlight", "activity BookHotel");

        String traceId = parentSteps.get(0).getTraceId();
        assertThat(parentSteps).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(traceId));
        assertThat(childSteps).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(traceId));
        assertThat(childActivities).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(traceId));
        // The child's steps are children of the parent's step that created it: the first one.
        Set<String> childParents = childSteps.stream().map(SpanData::getParentSpanId).collect(Collectors.toSet());
        assertThat(childParents).containsExactly(parentSteps.get(0).getSpanId());
    }

    @Test
    void restart_tracesTheNewInstanceUnderTheRestartRequest() {
        String first = OpsHttp.start("HelloCities", "[\"Lima\"]");
        assertThat(OpsHttp.awaitFinished(first)).isEqualTo("Completed");
        String restarted = given().post(OpsHttp.ROOT + "/instances/{id}/restart", first).then().statusCode(202)
                .extract().jsonPath().getString("id");
        assertThat(OpsHttp.awaitFinished(restarted)).isEqualTo("Completed");

        List<SpanData> steps = Eventually.until("the 2 step spans of " + restarted,
                () -> ofInstance(restarted, "orchestration "), found -> found.size() == 2);
        SpanData request = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getSpanId().equals(steps.get(0).getParentSpanId())).findFirst()
                .orElseThrow(() -> new AssertionError("the restarted instance's steps have no finished parent"));
        assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(request.getName()).startsWith("POST").contains("/restart");
        assertThat(steps).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(request.getTraceId()));
        assertThat(request.getTraceId()).isNotEqualTo(ofInstance(first, "orchestration ").get(0).getTraceId());
    }

    /** Finished spans of {@code instanceId} whose names start with {@code prefix}, in start order. */
    private List<SpanData> ofInstance(String instanceId, String prefix) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> instanceId.equals(s.getAttributes().get(EngineTracing.INSTANCE_ID))
                        && s.getName().startsWith(prefix))
                .sorted(Comparator.comparing(SpanData::getStartEpochNanos)).toList();
    }

    private String storedTraceParent(String instanceId) {
        return pool.preparedQuery("SELECT trace_parent FROM reprise_instances WHERE task_hub = $1 AND instance_id = $2")
                .execute(Tuple.of(config.taskHub(), instanceId)).await().atMost(TIMEOUT)
                .iterator().next().getString("trace_parent");
    }
}
