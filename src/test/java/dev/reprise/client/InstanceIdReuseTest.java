package dev.reprise.client;

import dev.reprise.api.DurableClient;
import dev.reprise.api.InstanceAlreadyExistsException;
import dev.reprise.api.InstanceIdReusePolicy;
import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.api.OrchestrationMetadata;
import dev.reprise.engine.Eventually;
import dev.reprise.engine.TestFunctions;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.reprise.api.OrchestrationRuntimeStatus.Completed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starting an ID that is taken, under each InstanceIdReusePolicy (Durable Functions' OverridableStates). */
@QuarkusTest
class InstanceIdReuseTest {

    private static final Duration AWAIT = Duration.ofSeconds(30);

    @Inject
    DurableClient client;

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(AWAIT);
    }

    private String start(String name, Object input, String id, InstanceIdReusePolicy policy) {
        return await(client.scheduleNewOrchestration(name, input,
                NewOrchestrationOptions.withInstanceId(id).withReusePolicy(policy)));
    }

    private OrchestrationMetadata finished(String prefix) {
        String id = Eventually.uniqueId(prefix);
        start(TestFunctions.ECHO, "first", id, null);
        OrchestrationMetadata done = await(client.waitForInstanceCompletion(id, AWAIT));
        assertThat(done.getRuntimeStatus()).isEqualTo(Completed);
        return done;
    }

    @Test
    void scheduleNewOrchestration_defaultPolicyOnFinishedId_replacesTheInstance() {
        OrchestrationMetadata first = finished("reuse-default");
        String id = first.getInstanceId();

        assertThat(start(TestFunctions.ECHO, "second", id, null)).isEqualTo(id);

        OrchestrationMetadata second = await(client.waitForInstanceCompletion(id, AWAIT));
        assertThat(second.readOutputAs(String.class)).isEqualTo("second");
        assertThat(second.getCreatedAt()).isAfterOrEqualTo(first.getCreatedAt());
        assertThat(NewOrchestrationOptions.withInstanceId(id).effectiveReusePolicy())
                .isEqualTo(InstanceIdReusePolicy.REUSE);
    }

    @Test
    void scheduleNewOrchestration_rejectOnFinishedId_failsWithAlreadyExistsAndKeepsTheInstance() {
        String id = finished("reuse-reject").getInstanceId();

        assertThatThrownBy(() -> start(TestFunctions.ECHO, "second", id, InstanceIdReusePolicy.REJECT))
                .isInstanceOf(InstanceAlreadyExistsException.class)
                .hasMessageContaining(id).hasMessageContaining("Completed").hasMessageContaining("reject");

        OrchestrationMetadata kept = await(client.getInstanceMetadata(id, true));
        assertThat(kept.readOutputAs(String.class)).isEqualTo("first");
    }

    @Test
    void scheduleNewOrchestration_useExistingOnFinishedIdOfSameOrchestrator_answersTheExistingInstanceUnchanged() {
        OrchestrationMetadata first = finished("reuse-existing");
        String id = first.getInstanceId();

        assertThat(start(TestFunctions.ECHO, "second", id, InstanceIdReusePolicy.USE_EXISTING)).isEqualTo(id);

        OrchestrationMetadata kept = await(client.getInstanceMetadata(id, true));
        assertThat(kept.getRuntimeStatus()).isEqualTo(Completed);
        assertThat(kept.readOutputAs(String.class)).isEqualTo("first");
        assertThat(kept.getCreatedAt()).isEqualTo(first.getCreatedAt());
    }

    @Test
    void scheduleNewOrchestration_useExistingOnFinishedIdOfOtherOrchestrator_failsNamingBoth() {
        String id = finished("reuse-other").getInstanceId();

        assertThatThrownBy(() -> start(TestFunctions.CHAIN, new String[]{"x"}, id,
                InstanceIdReusePolicy.USE_EXISTING))
                .isInstanceOf(InstanceAlreadyExistsException.class)
                .hasMessageContaining(TestFunctions.ECHO).hasMessageContaining(TestFunctions.CHAIN);
        assertThat(await(client.getInstanceMetadata(id, true)).readOutputAs(String.class)).isEqualTo("first");
    }

    @Test
    void scheduleNewOrchestration_anyPolicyOnRunningId_failsWithAlreadyExists() {
        String id = Eventually.uniqueId("reuse-running");
        start(TestFunctions.WAIT_FOR_EVENT, null, id, null);

        for (InstanceIdReusePolicy policy : InstanceIdReusePolicy.values()) {
            assertThatThrownBy(() -> start(TestFunctions.WAIT_FOR_EVENT, null, id, policy))
                    .as("policy %s", policy)
                    .isInstanceOf(InstanceAlreadyExistsException.class);
        }
        await(client.terminate(id, "test over"));
    }
}
