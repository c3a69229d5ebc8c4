package dev.reprise.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM, as Knative sends on scale-down, hands unfinished work to the other replicas by releasing its leases, so
 * nobody waits for them to expire.
 */
class GracefulShutdownIT {

    private static final String DATABASE = "reprise_it_shutdown";

    @BeforeAll
    static void freshDatabase() throws Exception {
        HistoryTables.dropDatabase(DATABASE);
    }

    @Test
    void sigterm_withWorkInFlightPastTheGracePeriod_releasesLeasesAndOtherReplicaFinishes() throws Exception {
        List<ServiceProcess> processes = new ArrayList<>();
        try {
            // Long leases: if the stopped replica's work were only taken over on expiry, that would show.
            String[] longLeases = {"-Dreprise.orchestrations.lease-duration=60s",
                    "-Dreprise.activities.lease-duration=60s"};
            ServiceProcess stays = ServiceProcess.start(DATABASE, "shutdown-stays", longLeases);
            processes.add(stays);
            ServiceProcess leaves = ServiceProcess.start(DATABASE, "shutdown-leaves", "-Dreprise.orchestrations"
                    + ".lease-duration=60s", "-Dreprise.activities.lease-duration=60s",
                    "-Dreprise.shutdown-grace-period=0s");
            processes.add(leaves);
            MixedLoad load = MixedLoad.start(List.of(stays, leaves), 3);
            String owner = leaves.leaseOwner();
            while (HistoryTables.leasesHeldBy(DATABASE, owner) == 0) {
                Thread.sleep(10);
            }

            leaves.stop();

            assertThat(HistoryTables.leasesHeldBy(DATABASE, owner)).as("leases left by the stopped replica").isZero();
            load.awaitAllCompleted(stays, Duration.ofMinutes(3));
            assertThat(stays.log()).as("nothing had to wait for a lease to expire").doesNotContain("Took over");
            HistoryTables.assertExactlyOnceEverywhere(DATABASE);
        } finally {
            for (ServiceProcess p : processes) {
                p.close();
            }
        }
    }
}
