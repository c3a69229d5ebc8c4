package dev.reprise.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Several replicas of the packaged service share one database and one task hub. */
class ScaleOutIT {

    private static final String DATABASE = "reprise_it_scaleout";
    private static final Pattern STOPPED = Pattern.compile(
            "engine stopped: (\\d+) orchestration steps committed, (\\d+) activity results recorded");

    @BeforeAll
    static void freshDatabase() throws Exception {
        HistoryTables.dropDatabase(DATABASE);
    }

    @Test
    void threeReplicas_sharedMixedLoad_everyInstanceCompletesWithEachStepOnce() throws Exception {
        List<ServiceProcess> replicas = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                replicas.add(ServiceProcess.start(DATABASE, "scaleout-" + i));
            }
            MixedLoad load = MixedLoad.start(replicas, 3);

            load.awaitAllCompleted(replicas.get(0), Duration.ofMinutes(3));

            int checked = HistoryTables.assertExactlyOnceEverywhere(DATABASE);
            assertThat(checked).as("instances checked, children included").isGreaterThan(load.size());
            for (ServiceProcess replica : replicas) {
                replica.stop();
                Matcher work = STOPPED.matcher(replica.log());
                assertThat(work.find()).as("replica logged its work at shutdown").isTrue();
                assertThat(Long.parseLong(work.group(1))).as("steps committed by one replica").isPositive();
                assertThat(Long.parseLong(work.group(2))).as("activities recorded by one replica").isPositive();
            }
        } finally {
            for (ServiceProcess replica : replicas) {
                replica.close();
            }
        }
    }
}
