package dev.reprise.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica killed with SIGKILL while it runs entity batches, and while orchestrations hold entity locks: after the
 * survivor takes its work over, every signal was applied exactly once (each counter equals the signals it was sent),
 * every transfer completed without an overdraft, money was neither made nor lost, and no entity is left locked.
 */
class EntityCrashIT {

    private static final String DATABASE = "reprise_it_entity_crash";
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    /** Short entity leases, so a killed replica's entities are taken over within the test's patience. */
    private static final String[] SHORT_LEASES = {"-Dreprise.entities.lease-duration=3s"};

    @BeforeAll
    static void freshDatabase() throws Exception {
        HistoryTables.dropDatabase(DATABASE);
    }

    @Test
    void sigkillDuringEntityBatches_everySignalAppliedExactlyOnce() throws Exception {
        List<ServiceProcess> processes = new ArrayList<>();
        try {
            ServiceProcess survivor = ServiceProcess.start(DATABASE, "entity-crash-survivor", SHORT_LEASES);
            processes.add(survivor);
            ServiceProcess victim = ServiceProcess.start(DATABASE, "entity-crash-victim", SHORT_LEASES);
            processes.add(victim);
            String owner = victim.leaseOwner();
            List<String> counters = IntStream.rangeClosed(1, 20).mapToObj(i -> "crash-" + i).toList();
            EntityLoad load = new EntityLoad();

            // Signals go through the survivor only: each 202 is known to be committed, so the count is exact.
            java.util.concurrent.atomic.AtomicReference<Exception> sendFailure = new java.util.concurrent.atomic
                    .AtomicReference<>();
            Thread sender = new Thread(() -> {
                try {
                    load.signalCounters(List.of(survivor), counters, 150);
                } catch (Exception e) {
                    sendFailure.set(e);
                }
            });
            sender.start();
            awaitEntityLease(owner);
            victim.kill();
            System.out.printf("killed %s holding %d entity leases%n", owner,
                    HistoryTables.entityLeasesHeldBy(DATABASE, owner));
            sender.join();
            assertThat(sendFailure.get()).as("every signal answered 202").isNull();
            processes.add(ServiceProcess.start(DATABASE, "entity-crash-victim-restarted", SHORT_LEASES));

            for (String counter : counters) {
                int sent = load.accepted(counter);
                EntityLoad.awaitState(survivor, "Counter", counter, PATIENCE,
                        s -> s != null && s.asInt() >= sent);
                assertThat(EntityLoad.state(survivor, "Counter", counter).asInt()).as("counter " + counter)
                        .isEqualTo(sent);
            }
            assertThat(HistoryTables.entityLeasesHeldBy(DATABASE, owner)).as("entity leases of the killed replica")
                    .isZero();
        } finally {
            for (ServiceProcess p : processes) {
                p.close();
            }
        }
    }

    @Test
    void sigkillWhileOrchestrationsHoldLocks_transfersComplete_noOverdraft_noLockLeft() throws Exception {
        List<ServiceProcess> processes = new ArrayList<>();
        try {
            ServiceProcess survivor = ServiceProcess.start(DATABASE, "lock-crash-survivor", SHORT_LEASES);
            processes.add(survivor);
            ServiceProcess victim = ServiceProcess.start(DATABASE, "lock-crash-victim", SHORT_LEASES);
            processes.add(victim);
            List<String> accounts = IntStream.rangeClosed(1, 4).mapToObj(i -> "crash-acct-" + i).toList();
            EntityLoad.seedAccounts(survivor, accounts, 100);

            String owner = victim.leaseOwner();
            List<String> transfers = EntityLoad.startTransfers(List.of(survivor, victim), accounts, 60);
            awaitLockHeldByOrchestrationsOf(owner);
            System.out.printf("killed %s while its orchestrations held %d entity locks%n", owner,
                    HistoryTables.locksHeldByOrchestrationsOf(DATABASE, owner));
            victim.kill();
            processes.add(ServiceProcess.start(DATABASE, "lock-crash-victim-restarted", SHORT_LEASES));

            int moved = EntityLoad.awaitTransfers(survivor, transfers, PATIENCE);
            int total = 0;
            for (String account : accounts) {
                int balance = EntityLoad.state(survivor, "BankAccount", account).asInt();
                assertThat(balance).as("balance of " + account).isNotNegative();
                total += balance;
            }
            assertThat(total).as("money neither made nor lost").isEqualTo(400);
            assertThat(moved).isPositive();
            awaitNoLocks(DATABASE);
            assertThat(HistoryTables.locksOfEndedExecutions(DATABASE)).isEmpty();
            HistoryTables.assertExactlyOnceEverywhere(DATABASE);
        } finally {
            for (ServiceProcess p : processes) {
                p.close();
            }
        }
    }

    private static void awaitEntityLease(String owner) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (HistoryTables.entityLeasesHeldBy(DATABASE, owner) == 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(owner + " never held an entity lease within 60 s");
            }
            Thread.sleep(5);
        }
    }

    private static void awaitLockHeldByOrchestrationsOf(String owner) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (HistoryTables.locksHeldByOrchestrationsOf(DATABASE, owner) == 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no orchestration of " + owner + " held an entity lock within 60 s");
            }
            Thread.sleep(5);
        }
    }

    /** Every lock released and every lock entry cleared, once the releases queued at the end have run. */
    static void awaitNoLocks(String database) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        long held;
        while ((held = HistoryTables.locksHeld(database)) > 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(held + " locks or lock entries left: "
                        + HistoryTables.locksOfEndedExecutions(database));
            }
            Thread.sleep(100);
        }
    }
}
