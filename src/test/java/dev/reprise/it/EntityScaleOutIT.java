package dev.reprise.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas signalling and locking the same entities at the same time: sums are exact, every transfer completes
 * (no deadlock between critical sections over the same accounts), no account is overdrawn, and both replicas ran
 * entity batches.
 */
class EntityScaleOutIT {

    private static final String DATABASE = "reprise_it_entity_scaleout";
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @BeforeAll
    static void freshDatabase() throws Exception {
        HistoryTables.dropDatabase(DATABASE);
    }

    @Test
    void twoReplicas_signalsAndCriticalSectionsOnTheSameEntities_exactAndDeadlockFree() throws Exception {
        List<ServiceProcess> replicas = new ArrayList<>();
        try {
            replicas.add(ServiceProcess.start(DATABASE, "entity-scaleout-1"));
            replicas.add(ServiceProcess.start(DATABASE, "entity-scaleout-2"));
            List<String> counters = IntStream.rangeClosed(1, 5).mapToObj(i -> "shared-" + i).toList();
            List<String> accounts = IntStream.rangeClosed(1, 3).mapToObj(i -> "shared-acct-" + i).toList();
            EntityLoad.seedAccounts(replicas.get(0), accounts, 100);

            List<String> transfers = EntityLoad.startTransfers(replicas, accounts, 40);
            EntityLoad load = new EntityLoad();
            load.signalCounters(replicas, counters, 200);

            int moved = EntityLoad.awaitTransfers(replicas.get(1), transfers, PATIENCE);
            for (String counter : counters) {
                int sent = load.accepted(counter);
                assertThat(sent).isEqualTo(200);
                EntityLoad.awaitState(replicas.get(0), "Counter", counter, PATIENCE,
                        s -> s != null && s.asInt() >= sent);
                assertThat(EntityLoad.state(replicas.get(1), "Counter", counter).asInt()).as("counter " + counter)
                        .isEqualTo(sent);
            }
            int total = 0;
            for (String account : accounts) {
                int balance = EntityLoad.state(replicas.get(0), "BankAccount", account).asInt();
                assertThat(balance).as("balance of " + account).isNotNegative();
                total += balance;
            }
            assertThat(total).isEqualTo(300);
            assertThat(moved).isPositive();
            EntityCrashIT.awaitNoLocks(DATABASE);
            HistoryTables.assertExactlyOnceEverywhere(DATABASE);
            for (ServiceProcess replica : replicas) {
                replica.stop();
                java.util.regex.Matcher ran = java.util.regex.Pattern.compile("(\\d+) entity operations run")
                        .matcher(replica.log());
                assertThat(ran.find()).as("replica logged its entity work at shutdown").isTrue();
                assertThat(Long.parseLong(ran.group(1))).as("entity operations run by one replica").isPositive();
            }
        } finally {
            for (ServiceProcess replica : replicas) {
                replica.close();
            }
        }
    }
}
