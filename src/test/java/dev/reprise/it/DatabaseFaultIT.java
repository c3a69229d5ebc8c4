package dev.reprise.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's database connections killed, and PostgreSQL itself restarted, in the middle of a load: the service
 * reconnects on its own, reports not-ready while the database is gone, and everything completes exactly once.
 */
class DatabaseFaultIT {

    private static final String DATABASE = "reprise_it_dbfault";
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @BeforeAll
    static void freshDatabase() throws Exception {
        HistoryTables.dropDatabase(DATABASE);
    }

    @AfterAll
    static void postgresIsUp() throws Exception {
        startPostgres(); // whatever happened in a test, leave PostgreSQL running for the rest of the build
    }

    @Test
    void connectionsTerminatedRepeatedly_duringMixedLoad_everyInstanceCompletesWithEachStepOnce() throws Exception {
        try (ServiceProcess service = ServiceProcess.start(DATABASE, "dbfault-terminate")) {
            MixedLoad load = MixedLoad.start(List.of(service), 3);
            int terminated = 0;
            for (int i = 0; i < 4; i++) {
                Thread.sleep(600);
                terminated += HistoryTables.terminateConnections(DATABASE);
            }
            System.out.printf("terminated %d engine connections in 4 rounds%n", terminated);
            assertThat(terminated).as("connections the faults hit").isPositive();

            load.awaitAllCompleted(service, PATIENCE);

            HistoryTables.assertExactlyOnceEverywhere(DATABASE);
        }
    }

    @Test
    void postgresRestarted_duringMixedLoad_notReadyWhileDownThenEverythingCompletes() throws Exception {
        try (ServiceProcess service = ServiceProcess.start(DATABASE, "dbfault-restart")) {
            MixedLoad load = MixedLoad.start(List.of(service), 2);
            Thread.sleep(800);
            Instant stopped = Instant.now();
            stopPostgres();
            try {
                awaitReadiness(service, 503);
                awaitLogged(service, "cannot claim work"); // the engine noticed the outage itself
            } finally {
                startPostgres();
            }
            awaitReadiness(service, 200);
            System.out.printf("PostgreSQL down for %d ms%n", Duration.between(stopped, Instant.now()).toMillis());

            load.awaitAllCompleted(service, PATIENCE);

            HistoryTables.assertExactlyOnceEverywhere(DATABASE);
            Map<String, Long> outageWarnings = service.log().lines()
                    .filter(l -> l.contains(": cannot claim work"))
                    .collect(Collectors.groupingBy(DatabaseFaultIT::dispatcherName, Collectors.counting()));
            assertThat(outageWarnings).as("the outage was warned about").isNotEmpty();
            assertThat(outageWarnings.values()).as("one warning per dispatcher per outage, not one per retry: %s",
                    outageWarnings).allMatch(count -> count == 1L);
        }
    }

    /** The dispatcher a "cannot claim work" line is from, e.g. "activity dispatcher". */
    private static String dispatcherName(String logLine) {
        String beforeWarning = logLine.substring(0, logLine.indexOf(": cannot claim work"));
        return beforeWarning.substring(beforeWarning.lastIndexOf(')') + 1).trim();
    }

    private static void awaitLogged(ServiceProcess service, String text) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!service.log().contains(text)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the service never logged '" + text + "' within 30 s");
            }
            Thread.sleep(100);
        }
    }

    private static void awaitReadiness(ServiceProcess service, int expectedStatus) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        int last = -1;
        while (Instant.now().isBefore(deadline)) {
            try {
                last = service.get("/q/health/ready").statusCode();
            } catch (IOException e) {
                last = -1;
            }
            if (last == expectedStatus) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("readiness stayed " + last + ", expected " + expectedStatus);
    }

    private static void stopPostgres() throws Exception {
        pgctl("stop", "-m", "fast");
    }

    private static void startPostgres() throws Exception {
        pgctl("start");
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (new ProcessBuilder("pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q").start().waitFor() == 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("PostgreSQL did not come back within 60 s");
    }

    /** Runs pg_ctlcluster for this machine's cluster; "start" on a running cluster is a no-op. */
    private static void pgctl(String... action) throws Exception {
        String version;
        try (var versions = Files.list(Path.of("/etc/postgresql"))) {
            version = versions.map(p -> p.getFileName().toString()).sorted().findFirst()
                    .orElseThrow(() -> new AssertionError("no PostgreSQL cluster under /etc/postgresql"));
        }
        List<String> command = new java.util.ArrayList<>(List.of("pg_ctlcluster", "--skip-systemctl-redirect",
                version, "main"));
        command.addAll(List.of(action));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        int exit = p.waitFor();
        if (exit != 0 && !(action[0].equals("start") && output.contains("already running"))) {
            throw new AssertionError("pg_ctlcluster " + String.join(" ", action) + " failed (" + exit + "): "
                    + output);
        }
    }
}
