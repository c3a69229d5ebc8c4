package dev.reprise.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path's crash case: a process runs activities of the instances it keeps (written leased to itself, run at
 * once, their outcomes committed with the next step). Killed with SIGKILL while such activities run or wait for that
 * commit, it loses nothing and applies nothing twice: once its leases expire, another process runs those activities
 * again, and every instance's history has each step once.
 */
class LocalActivityCrashIT {

    private static final String DATABASE = "reprise_it_local_crash";
    private static final int INSTANCES = 40;
    private static final String CITIES = "[\"Tokyo\",\"Seattle\",\"London\",\"Cairo\",\"Lima\"]";
    private static final String GREETINGS = "[\"Hello Tokyo!\",\"Hello Seattle!\",\"Hello London!\",\"Hello Cairo!\","
            + "\"Hello Lima!\"]";

    @BeforeAll
    static void freshDatabase() throws Exception {
        HistoryTables.dropDatabase(DATABASE);
    }

    @Test
    void sigkill_whileKeptInstancesRunTheirActivitiesLocally_anotherProcessRunsThemAgainAndEachStepIsOnce()
            throws Exception {
        List<ServiceProcess> processes = new ArrayList<>();
        try {
            ServiceProcess victim = ServiceProcess.start(DATABASE, "local-crash-victim");
            processes.add(victim);
            String victimOwner = victim.leaseOwner();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                ids.add(victim.startOrchestration("HelloCities", CITIES));
            }
            // Started here, the instances are kept here and their activities written leased here (local dispatch):
            // kill while some of those work items are held.
            int held = awaitWorkItemsHeldBy(victimOwner);
            victim.kill();
            System.out.printf("killed %s holding %d work items%n", victimOwner, held);

            ServiceProcess survivor = ServiceProcess.start(DATABASE, "local-crash-survivor");
            processes.add(survivor);
            for (String id : ids) {
                JsonNode done = survivor.awaitStatus(id, Duration.ofMinutes(2),
                        s -> !s.path("runtimeStatus").asText().matches("Pending|Running"));
                assertThat(done.path("runtimeStatus").asText()).as(id).isEqualTo("Completed");
                assertThat(done.path("output").toString()).as(id).isEqualTo(GREETINGS);
            }
            assertThat(HistoryTables.assertExactlyOnceEverywhere(DATABASE)).isGreaterThanOrEqualTo(INSTANCES);
            assertThat(survivor.log()).as("the dead process's activities were delivered again")
                    .containsPattern("Took over activity 'SayHello' .* from " + java.util.regex.Pattern.quote(
                            victimOwner));
            assertThat(HistoryTables.leasesHeldBy(DATABASE, victimOwner)).isZero();
        } finally {
            for (ServiceProcess p : processes) {
                p.close();
            }
        }
    }

    /** Waits until {@code owner} holds at least one work item; returns how many. */
    private static int awaitWorkItemsHeldBy(String owner) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + DATABASE, "postgres",
                "");
             PreparedStatement q = c.prepareStatement("SELECT count(*) FROM reprise_work_items WHERE lease_owner = ?")) {
            q.setString(1, owner);
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return rs.getInt(1);
                    }
                }
                Thread.sleep(2);
            }
        }
        throw new AssertionError(owner + " never held a work item within 60 s");
    }
}
