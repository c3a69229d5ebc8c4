package dev.reprise.engine;

import dev.reprise.api.DurableClient;
import dev.reprise.api.NewOrchestrationOptions;
import dev.reprise.api.OrchestrationMetadata;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.config.RepriseConfig;
import dev.reprise.dispatch.EngineIdentity;
import dev.reprise.dispatch.OrchestrationDispatcher;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kept instances are bounded by memory: with room for one extended session, keeping a second instance evicts the
 * first (its session closes and its lease is released at once), and the evicted instance goes on from the store.
 */
@QuarkusTest
@TestProfile(SessionMemoryTest.RoomForOneSession.class)
class SessionMemoryTest {

    /** Every kept instance is an extended session; the budget holds one. */
    public static class RoomForOneSession implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("reprise.orchestrations.session-min-history", "0",
                    "reprise.orchestrations.session-memory", "100K");
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    DurableClient client;
    @Inject
    OrchestrationDispatcher orchestrations;
    @Inject
    EngineIdentity identity;
    @Inject
    Pool pool;
    @Inject
    RepriseConfig config;

    @Test
    void keepingASecondSession_overTheBudget_evictsTheFirstWhichGoesOnFromTheStore() {
        String first = start("evicted-first");
        Eventually.until("the first instance kept here", () -> leaseOwner(first), identity.owner()::equals);

        String second = start("evicted-second");
        Eventually.until("the second instance kept here", () -> leaseOwner(second), identity.owner()::equals);

        Eventually.until("the first instance let go", () -> leaseOwner(first), owner -> owner == null);
        assertThat(orchestrations.keptInstances()).isEqualTo(1);
        client.raiseEvent(first, TestFunctions.APPROVAL_EVENT, "yes").await().atMost(TIMEOUT);
        client.raiseEvent(second, TestFunctions.APPROVAL_EVENT, "also").await().atMost(TIMEOUT);
        assertThat(output(first)).isEqualTo("yes");
        assertThat(output(second)).isEqualTo("also");
    }

    @Test
    void sessionStep_codeLogsOnTheSessionThread_carriesTheInstanceInTheLoggingContext() {
        Logger category = Logger.getLogger(FastPathFunctions.class.getName());
        List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record instanceof ExtLogRecord ext) {
                    ext.copyMdc();
                    records.add(ext);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        category.addHandler(recorder);
        try {
            String id = Eventually.uniqueId("session-mdc");
            client.scheduleNewOrchestration(FastPathFunctions.LOGGING, null,
                    NewOrchestrationOptions.withInstanceId(id)).await().atMost(TIMEOUT);
            assertThat(output(id)).isEqualTo("logged");

            ExtLogRecord second = records.stream().filter(r -> r.getFormattedMessage().equals("second step of " + id))
                    .findFirst().orElseThrow();
            // The code continued in its extended session, on the session's own thread, after the activity's outcome.
            assertThat(second.getThreadName()).startsWith("reprise-orchestrator-");
            assertThat(second.getMdc("reprise.instance.id")).isEqualTo(id);
            assertThat(second.getMdc("reprise.orchestration.name")).isEqualTo(FastPathFunctions.LOGGING);
            assertThat(records.stream().filter(r -> r.getFormattedMessage().startsWith("first step of " + id)))
                    .as("the replay-safe logger writes each line once").hasSize(1);
        } finally {
            category.removeHandler(recorder);
        }
    }

    private String start(String prefix) {
        String id = Eventually.uniqueId(prefix);
        client.scheduleNewOrchestration(TestFunctions.WAIT_FOR_EVENT, null, NewOrchestrationOptions.withInstanceId(id))
                .await().atMost(TIMEOUT);
        Eventually.until(id + " running", () -> client.getInstanceMetadata(id, false).await().atMost(TIMEOUT)
                .getRuntimeStatus(), OrchestrationRuntimeStatus.Running::equals);
        return id;
    }

    private String output(String id) {
        OrchestrationMetadata done = client.waitForInstanceCompletion(id, TIMEOUT).await().atMost(TIMEOUT);
        assertThat(done.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.Completed);
        return done.readOutputAs(String.class);
    }

    private String leaseOwner(String id) {
        return pool.preparedQuery("SELECT lease_owner FROM reprise_instances WHERE task_hub = $1 "
                        + "AND instance_id = $2").execute(Tuple.of(config.taskHub(), id))
                .await().atMost(TIMEOUT).iterator().next().getString("lease_owner");
    }
}
