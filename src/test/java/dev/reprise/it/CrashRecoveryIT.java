package dev.reprise.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica killed with SIGKILL at several points of a running load (fan-out and timers included) loses nothing:
 * the surviving replica takes its work over once the leases expire, the restarted one joins again, and every step
 * is applied once.
 */
class CrashRecoveryIT {

    private static final String DATABASE = "reprise_it_crash";
    private static final int KILLS = 3;
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Pattern TOOK_OVER = Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3}) INFO .*Took over ", Pattern.MULTILINE);
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    @BeforeAll
    static void freshDatabase() throws Exception {
        HistoryTables.dropDatabase(DATABASE);
    }

    @Test
    void sigkillReplicaRepeatedly_duringMixedLoad_everyInstanceCompletesWithEachStepOnce() throws Exception {
        List<ServiceProcess> processes = new ArrayList<>();
        try {
            ServiceProcess survivor = ServiceProcess.start(DATABASE, "crash-survivor");
            processes.add(survivor);
            ServiceProcess victim = ServiceProcess.start(DATABASE, "crash-victim-0");
            processes.add(victim);
            MixedLoad load = new MixedLoad();
            List<Instant> kills = new ArrayList<>();
            List<String> deadOwners = new ArrayList<>();
            for (int k = 0; k < KILLS; k++) {
                load.add(List.of(survivor, victim), 2);
                // Kill only while the victim holds work, so every kill leaves something to take over.
                String owner = victim.leaseOwner();
                awaitLeasesHeld(owner);
                kills.add(Instant.now());
                victim.kill();
                deadOwners.add(owner);
                System.out.printf("killed %s holding %d leases%n", owner, HistoryTables.leasesHeldBy(DATABASE, owner));
                victim = ServiceProcess.start(DATABASE, "crash-victim-" + (k + 1));
                processes.add(victim);
            }
            load.awaitAllCompleted(survivor, Duration.ofMinutes(3));

            for (String dead : deadOwners) {
                assertThat(HistoryTables.leasesHeldBy(DATABASE, dead)).as("leases still held by killed " + dead)
                        .isZero();
            }
            int checked = HistoryTables.assertExactlyOnceEverywhere(DATABASE);
            assertThat(checked).isGreaterThan(load.size());
            StringBuilder logs = new StringBuilder();
            for (ServiceProcess p : processes) {
                logs.append(p.log());
            }
            long takeovers = TOOK_OVER.matcher(logs).results().count();
            assertThat(takeovers).as("work of a killed replica taken over after its lease").isPositive();
            reportTakeovers(kills, logs.toString());
        } finally {
            // Never leave a replica running: it would join the next run's database.
            for (ServiceProcess p : processes) {
                p.close();
            }
        }
    }

    private static void awaitLeasesHeld(String owner) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (HistoryTables.leasesHeldBy(DATABASE, owner) == 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(owner + " never held a lease within 60 s");
            }
            Thread.sleep(20);
        }
    }

    /** Prints how long after each kill the survivor took over the dead replica's work (for the note). */
    private static void reportTakeovers(List<Instant> kills, String logs) {
        List<Instant> takeovers = new ArrayList<>();
        Matcher m = TOOK_OVER.matcher(logs);
        while (m.find()) {
            takeovers.add(LocalDateTime.parse(m.group(1), LOG_TIME).atZone(ZoneId.systemDefault()).toInstant());
        }
        for (Instant kill : kills) {
            takeovers.stream().filter(t -> !t.isBefore(kill)).findFirst().ifPresentOrElse(
                    t -> System.out.printf("kill at %s: first takeover after %d ms (lease %d ms)%n", kill,
                            Duration.between(kill, t).toMillis(), LEASE.toMillis()),
                    () -> System.out.printf("kill at %s: no takeover logged after it%n", kill));
        }
        System.out.printf("%d takeovers logged%n", takeovers.size());
    }
}
