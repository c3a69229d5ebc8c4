package dev.reprise.engine;

import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.api.OrchestrationMetadata;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.reprise.api.OrchestrationRuntimeStatus.Completed;
import static org.assertj.core.api.Assertions.assertThat;

/** The execution ID as the activities' idempotency key: unique where (instance ID, task ID) is not. */
@QuarkusTest
class ExecutionIdTest extends ClientSteps {

    @Test
    void activityContext_afterContinueAsNew_seesANewExecutionIdWithTheSameTaskId() {
        String id = start(ExecutionKeyFunctions.KEYS, null, "execution-keys");

        OrchestrationMetadata done = complete(id);

        assertThat(done.getRuntimeStatus()).isEqualTo(Completed);
        String[] keys = done.readOutputAs(String[].class);
        List<String> executions = List.of(keys).stream().map(k -> k.substring(0, k.indexOf('/'))).toList();
        assertThat(keys).as("task IDs start again in every execution").allSatisfy(k -> assertThat(k).endsWith("/0"));
        assertThat(executions).as("every execution has its own ID").doesNotHaveDuplicates()
                .allSatisfy(e -> assertThat(e).isNotBlank());
        assertThat(done.getExecutionId()).as("the metadata shows the last execution").isEqualTo(executions.get(2));
    }

    @Test
    void activityContext_instanceIdReused_seesANewExecutionId() {
        String id = start(ExecutionKeyFunctions.KEYS, new String[]{"a", "b"}, "execution-reuse");
        String first = complete(id).readOutputAs(String[].class)[2];

        await(client.scheduleNewOrchestration(ExecutionKeyFunctions.KEYS, new String[]{"a", "b"},
                NewOrchestrationOptions.withInstanceId(id)));
        String second = complete(id).readOutputAs(String[].class)[2];

        assertThat(second).endsWith("/0").isNotEqualTo(first);
    }
}
