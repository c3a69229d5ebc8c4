package dev.reprise.engine;

import dev.reprise.api.HistoryEvent;
import dev.reprise.api.OrchestrationRuntimeStatus;
import dev.reprise.api.VersionMatchStrategy;
import dev.reprise.config.RepriseConfig;
import dev.reprise.dispatch.ActivityDispatcher;
import dev.reprise.dispatch.OrchestrationDispatcher;
import dev.reprise.history.HistoryCodec;
import dev.reprise.store.InstanceRepository;
import dev.reprise.store.VersionFilter;
import dev.reprise.testing.MovableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule of which messages wake which instance is spelled twice: in SQL, in the claim (so that an instance that
 * can take none of its messages is never claimed), and in Java, in {@link InstanceRepository#takes} (what a step
 * applies). They must agree: for every runtime status and every kind of message, the claim takes the instance exactly
 * when the Java rule takes the message, or, for a finished instance, always (its messages are then discarded). The
 * claim's version filter is likewise the SQL spelling of {@link VersionMatchStrategy#accepts}.
 */
@QuarkusTest
class ClaimRuleContractTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String OWNER = "claim-rule-contract";

    @Inject
    OrchestrationDispatcher orchestrations;
    @Inject
    ActivityDispatcher activities;
    @Inject
    InstanceRepository instances;
    @Inject
    HistoryCodec codec;
    @Inject
    Pool pool;
    @Inject
    RepriseConfig config;
    @Inject
    MovableClock clock;

    @BeforeEach
    void stopDispatchers() throws Exception {
        // Nothing else may claim (or apply) the rows this test writes.
        CompletableFuture.allOf(orchestrations.stop(), activities.stop()).get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void cleanUpAndRestart() {
        // The rows are not real instances (no history): the engine must never see them.
        for (String table : List.of("reprise_inbox", "reprise_instances")) {
            pool.preparedQuery("DELETE FROM " + table + " WHERE task_hub = $1 AND instance_id LIKE 'claim-rule-%'")
                    .execute(Tuple.of(config.taskHub())).await().atMost(TIMEOUT);
        }
        pool.preparedQuery("UPDATE reprise_instances SET lease_owner = NULL, lease_expires_at = NULL "
                + "WHERE lease_owner = $1").execute(Tuple.of(OWNER)).await().atMost(TIMEOUT);
        orchestrations.start();
        activities.start();
    }

    @Test
    void claim_everyStatusAndMessageKind_agreesWithTheJavaRule() {
        Instant now = clock.instant();
        String executionId = UUID.randomUUID().toString();
        Map<String, Boolean> expected = new TreeMap<>();
        for (OrchestrationRuntimeStatus status : OrchestrationRuntimeStatus.values()) {
            for (HistoryEvent message : messages(now, executionId)) {
                String id = "claim-rule-" + status + "-" + message.eventType() + "-" + UUID.randomUUID();
                insertInstance(id, executionId, status, now);
                insertMessage(id, executionId, message, now);
                boolean startDue = message instanceof HistoryEvent.ExecutionStarted;
                expected.put(id, status.isTerminal() || InstanceRepository.takes(status, startDue, message));
            }
        }

        Set<String> claimed = instances.claim(pool, now, 10_000, OWNER, now.plus(Duration.ofMinutes(5)), List.of(),
                        VersionFilter.ANY).await().atMost(TIMEOUT).stream().map(l -> l.value().instance().instanceId())
                .collect(Collectors.toSet());

        List<String> disagreements = new ArrayList<>();
        expected.forEach((id, wakes) -> {
            if (claimed.contains(id) != wakes) {
                disagreements.add(id + ": Java says " + (wakes ? "wake" : "wait") + ", the claim "
                        + (claimed.contains(id) ? "took it" : "left it"));
            }
        });
        assertThat(disagreements).isEmpty();
        assertThat(expected.values()).as("both outcomes are exercised").contains(true, false);
    }

    @Test
    void claim_versionFilter_agreesWithTheJavaComparison() {
        Instant now = clock.instant();
        String executionId = UUID.randomUUID().toString();
        List<String> versions = List.of("", "1", "1.0", "01.0", "1.2", "1.2.0", "1.10", "1.9.9", "2", "2.0", "10",
                "v1", "V2", "v10", "beta", "1.2-rc", "é", "1.2.");
        Map<String, String> versionOf = new TreeMap<>();
        for (String version : versions) {
            String id = "claim-rule-version-" + UUID.randomUUID();
            insertInstance(id, executionId, OrchestrationRuntimeStatus.Pending, now, version);
            insertMessage(id, executionId, messages(now, executionId).get(0), now);
            versionOf.put(id, version);
        }

        List<String> disagreements = new ArrayList<>();
        for (VersionMatchStrategy match : List.of(VersionMatchStrategy.STRICT, VersionMatchStrategy.CURRENT_OR_OLDER)) {
            for (String processVersion : List.of("", "1.2", "2.0", "10", "v2", "1.2-rc")) {
                // The same owner claims its own leases again, so every round sees every row.
                Set<String> claimed = instances.claim(pool, now, 10_000, OWNER, now.plus(Duration.ofMinutes(5)),
                                List.of(), new VersionFilter(match, processVersion)).await().atMost(TIMEOUT).stream()
                        .map(l -> l.value().instance().instanceId()).collect(Collectors.toSet());
                versionOf.forEach((id, version) -> {
                    boolean accepts = match.accepts(version, processVersion);
                    if (claimed.contains(id) != accepts) {
                        disagreements.add(match + " '" + processVersion + "' on '" + version + "': Java says "
                                + accepts + ", the claim " + claimed.contains(id));
                    }
                });
            }
        }
        assertThat(disagreements).isEmpty();
    }

    private static List<HistoryEvent> messages(Instant now, String executionId) {
        return List.of(
                new HistoryEvent.ExecutionStarted(now, "Contract", "x", executionId, null, null, -1),
                new HistoryEvent.EventRaised(now, "Ping", "1"),
                new HistoryEvent.TaskCompleted(now, 0, "\"done\""),
                new HistoryEvent.TimerFired(now, 1, now),
                new HistoryEvent.ExecutionTerminated(now, "\"stop\""),
                new HistoryEvent.ExecutionSuspended(now, "\"pause\""),
                new HistoryEvent.ExecutionResumed(now, "\"go\""));
    }

    private void insertInstance(String id, String executionId, OrchestrationRuntimeStatus status, Instant now) {
        insertInstance(id, executionId, status, now, "");
    }

    private void insertInstance(String id, String executionId, OrchestrationRuntimeStatus status, Instant now,
                                String version) {
        pool.preparedQuery("""
                        INSERT INTO reprise_instances (task_hub, instance_id, execution_id, name, runtime_status,
                                                       created_at, last_updated_at, version)
                        VALUES ($1, $2, $3, 'Contract', $4, $5, $5, $6)""")
                .execute(Tuple.of(config.taskHub(), id, executionId, status.name(), now.atOffset(ZoneOffset.UTC),
                        version))
                .await().atMost(TIMEOUT);
    }

    private void insertMessage(String id, String executionId, HistoryEvent message, Instant now) {
        pool.preparedQuery("""
                        INSERT INTO reprise_inbox (task_hub, instance_id, execution_id, event_type, payload,
                                                   visible_at, created_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $6)""")
                .execute(Tuple.from(new Object[]{config.taskHub(), id, executionId, message.eventType(),
                        codec.encode(message), now.atOffset(ZoneOffset.UTC)}))
                .await().atMost(TIMEOUT);
    }
}
