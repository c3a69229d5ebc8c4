package dev.reprise.time;

import dev.reprise.api.DurableClient;
import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.api.OrchestrationMetadata;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.HistoryEvent;
import dev.reprise.testing.MovableClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Engine time comes from the injected clock: moving it fires durable timers, with no sleeping in the test. */
@QuarkusTest
class InjectedClockTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    DurableClient client;

    @Inject
    MovableClock clock;

    @Test
    void createTimer_oneHour_firesWhenTheClockIsMovedAnHourForward() {
        String id = "clock-" + UUID.randomUUID();
        client.scheduleNewOrchestration("TestHourLongTimer", null, NewOrchestrationOptions.withInstanceId(id))
                .await().atMost(PATIENCE);
        Instant fireAt = awaitTimerCreated(id);
        assertThat(client.getInstanceMetadata(id, false).await().atMost(PATIENCE).getRuntimeStatus())
                .isEqualTo(OrchestrationRuntimeStatus.Running);

        clock.advance(Duration.between(clock.instant(), fireAt).plusSeconds(1));

        OrchestrationMetadata done = client.waitForInstanceCompletion(id, PATIENCE).await().atMost(PATIENCE);
        assertThat(done.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.Completed);
        assertThat(done.readOutputAs(Long.class)).as("replay-safe minutes between the two steps").isEqualTo(60L);
    }

    /** Polls (bounded) until the first step committed its TimerCreated, and returns when the timer is due. */
    private Instant awaitTimerCreated(String id) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            List<HistoryEvent> history = client.getInstanceHistory(id).await().atMost(PATIENCE);
            for (HistoryEvent e : history) {
                if (e instanceof HistoryEvent.TimerCreated created) {
                    return created.fireAt();
                }
            }
            pause();
        }
        throw new AssertionError("no TimerCreated in the history of " + id + " within " + PATIENCE);
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
