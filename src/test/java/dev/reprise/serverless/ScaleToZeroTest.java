package dev.reprise.serverless;

import dev.reprise.api.DurableClient;
import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.api.OrchestrationMetadata;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.dispatch.ActivityDispatcher;
import dev.reprise.dispatch.OrchestrationDispatcher;
import dev.reprise.dispatch.Wakeups;
import dev.reprise.engine.TestFunctions;
import dev.reprise.api.HistoryEvent;
import dev.reprise.testing.MovableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scale-to-zero: with no dispatcher running (no pod, so no scheduler and no LISTEN), due work and due durable timers
 * stay put; one call to the tick endpoint, as a Knative PingSource makes, moves them forward.
 */
@QuarkusTest
class ScaleToZeroTest {

    private static final Duration AWAIT = Duration.ofSeconds(30);

    @Inject
    OrchestrationDispatcher orchestrations;

    @Inject
    ActivityDispatcher activities;

    @Inject
    DurableClient client;

    @Inject
    MovableClock clock;

    @Inject
    Wakeups wakeups;

    @BeforeEach
    void scaleToZero() throws Exception {
        CompletableFuture.allOf(orchestrations.stop(), activities.stop()).get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void scaleUp() {
        orchestrations.start();
        activities.start();
    }

    @Test
    void tick_noDispatcherRunning_runsDueWorkAndFiresDueTimers() throws Exception {
        String hello = start("HelloCities", null, "zero-hello");
        String sleeper = start(TestFunctions.TIMER, 60_000, "zero-timer");

        assertWakeUpsClaimNothing();
        assertThat(status(hello)).as("no pod: nothing ran").isEqualTo(OrchestrationRuntimeStatus.Pending);
        assertThat(status(sleeper)).isEqualTo(OrchestrationRuntimeStatus.Pending);

        JsonPath first = tick();
        assertThat(first.getInt("orchestrationSteps")).as("HelloCities' 4 steps and the sleeper's first")
                .isGreaterThanOrEqualTo(5);
        assertThat(first.getInt("activities")).isGreaterThanOrEqualTo(3);
        assertThat(first.getBoolean("drained")).isTrue();
        OrchestrationMetadata greeted = client.getInstanceMetadata(hello, true).await().atMost(AWAIT);
        assertThat(greeted.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.Completed);
        assertThat(greeted.readOutputAs(String[].class)).containsExactly("Hello Tokyo!", "Hello Seattle!",
                "Hello London!");
        assertThat(status(sleeper)).isEqualTo(OrchestrationRuntimeStatus.Running);

        clock.advance(Duration.ofSeconds(61));
        assertWakeUpsClaimNothing();
        assertThat(status(sleeper)).as("the timer is due, but no pod runs to fire it")
                .isEqualTo(OrchestrationRuntimeStatus.Running);

        JsonPath second = tick();
        assertThat(second.getInt("timersFired")).isGreaterThanOrEqualTo(1);
        assertThat(status(sleeper)).isEqualTo(OrchestrationRuntimeStatus.Completed);
        assertThat(client.getInstanceHistory(sleeper).await().atMost(AWAIT))
                .anyMatch(e -> e instanceof HistoryEvent.TimerFired);
    }

    @Test
    void tick_nothingDue_answersQuicklyWithZeroCounts() {
        JsonPath idle = tick();

        assertThat(idle.getBoolean("drained")).isTrue();
        assertThat(idle.getLong("durationMs")).isNotNegative();
    }

    /**
     * Delivers every wake-up a running engine acts on (the polling fallback and LISTEN/NOTIFY hints go through
     * {@link Wakeups}; a local commit and the due-timer timer wake a dispatcher directly) and checks that neither
     * dispatcher started a claim: a stopped one decides that synchronously, so nothing can happen later either.
     */
    private void assertWakeUpsClaimNothing() {
        long claims = orchestrations.claimsStarted() + activities.claimsStarted();
        wakeups.all();
        orchestrations.wake();
        activities.wake();
        assertThat(orchestrations.claimsStarted() + activities.claimsStarted()).as("no pod: no claim")
                .isEqualTo(claims);
    }

    private JsonPath tick() {
        return given().post("/runtime/webhooks/durabletask/tick")
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
    }

    private String start(String name, Object input, String prefix) {
        String id = prefix + "-" + UUID.randomUUID();
        client.scheduleNewOrchestration(name, input, NewOrchestrationOptions.withInstanceId(id)).await().atMost(AWAIT);
        return id;
    }

    private OrchestrationRuntimeStatus status(String id) {
        return client.getInstanceMetadata(id, false).await().atMost(AWAIT).getRuntimeStatus();
    }
}
