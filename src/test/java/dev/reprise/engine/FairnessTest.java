package dev.reprise.engine;

import dev.reprise.api.DurableClient;
import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.api.OrchestrationMetadata;
import dev.reprise.api.OrchestrationRuntimeStatus;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large fan-out does not starve other instances' activities: work items are claimed by their rank within the step
 * that scheduled them, so the first activity of a new instance goes before the thousandth of a fan-out. The bound,
 * stated without timing anything: every one of 50 five-step chains started while a 10,000-activity fan-out runs
 * finishes before the fan-out does. (How long each took is measured and printed, not asserted.)
 */
@QuarkusTest
class FairnessTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final int FAN_OUT = 10_000;
    private static final int CHAINS = 50;

    @Inject
    DurableClient client;

    @Test
    void chains_startedWhileALargeFanOutRuns_allFinishBeforeTheFanOut() {
        String fanOut = Eventually.uniqueId("fair-fan-out");
        client.scheduleNewOrchestration(FastPathFunctions.WIDE_FAN_OUT, FAN_OUT,
                NewOrchestrationOptions.withInstanceId(fanOut)).await().atMost(TIMEOUT);
        Eventually.until("the fan-out's activities to be queued", () -> client.getInstanceMetadata(fanOut, false)
                .await().atMost(TIMEOUT).getRuntimeStatus(), OrchestrationRuntimeStatus.Running::equals);
        List<String> chains = new ArrayList<>();
        Instant chainsStarted = Instant.now();
        for (int i = 0; i < CHAINS; i++) {
            String id = Eventually.uniqueId("fair-chain");
            client.scheduleNewOrchestration(TestFunctions.CHAIN, List.of("a", "b", "c", "d", "e"),
                    NewOrchestrationOptions.withInstanceId(id)).await().atMost(TIMEOUT);
            chains.add(id);
        }

        List<OrchestrationMetadata> done = new ArrayList<>();
        for (String id : chains) {
            done.add(client.waitForInstanceCompletion(id, TIMEOUT).await().atMost(TIMEOUT));
        }
        OrchestrationMetadata fanned = client.waitForInstanceCompletion(fanOut, TIMEOUT).await().atMost(TIMEOUT);

        assertThat(fanned.readOutputAs(Integer.class)).isEqualTo(FAN_OUT);
        Instant lastChain = Instant.MIN;
        for (OrchestrationMetadata chain : done) {
            assertThat(chain.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.Completed);
            assertThat(chain.readOutputAs(String[].class)).containsExactly("Hello a!", "Hello b!", "Hello c!",
                    "Hello d!", "Hello e!");
            assertThat(chain.getLastUpdatedAt()).as("chain %s finished before the fan-out", chain.getInstanceId())
                    .isBefore(fanned.getLastUpdatedAt());
            lastChain = chain.getLastUpdatedAt().isAfter(lastChain) ? chain.getLastUpdatedAt() : lastChain;
        }
        System.out.printf("fairness: %d chains done %d ms after they started, fan-out of %d done %d ms later%n",
                CHAINS, Duration.between(chainsStarted, lastChain).toMillis(), FAN_OUT,
                Duration.between(lastChain, fanned.getLastUpdatedAt()).toMillis());
    }
}
