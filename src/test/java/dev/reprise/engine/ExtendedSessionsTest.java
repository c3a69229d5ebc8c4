package dev.reprise.engine;

import dev.reprise.api.DurableClient;
import dev.reprise.api.OrchestrationMetadata;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.dispatch.OrchestrationDispatcher;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Long orchestrations continue in a kept session; the results are those of full replays. */
@QuarkusTest
class ExtendedSessionsTest {

    private static final Duration AWAIT = Duration.ofSeconds(60);

    @Inject
    DurableClient client;

    @Inject
    OrchestrationDispatcher dispatcher;

    @Test
    void chain_longHistory_continuesInSessionWithTheResultsOfAFullReplay() {
        List<String> names = IntStream.range(0, 40).mapToObj(k -> "n" + k).toList();
        long before = dispatcher.stepsInSession();

        String id = client.scheduleNewOrchestration(TestFunctions.CHAIN, names).await().atMost(AWAIT);
        OrchestrationMetadata done = client.waitForInstanceCompletion(id, AWAIT).await().atMost(AWAIT);

        assertThat(done.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.Completed);
        assertThat(done.readOutputAs(String[].class)).containsExactlyElementsOf(
                names.stream().map(n -> "Hello " + n + "!").toList());
        // 4 events per step: from about the 10th step on (40 events) each step continues the kept session
        assertThat(dispatcher.stepsInSession() - before).isGreaterThanOrEqualTo(25);
    }
}
