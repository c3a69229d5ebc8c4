package dev.reprise.bench;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The benchmark's results as a Markdown page: the machine, then one row per figure with its median and runs. */
final class BenchReport {

    private final String label;
    private final int runs;
    private final ZonedDateTime at = ZonedDateTime.now(ZoneOffset.UTC);
    private final List<String> machine = new ArrayList<>();
    private final List<String> rows = new ArrayList<>();
    private final List<String> memory = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    BenchReport(String label, int runs) {
        this.label = label;
        this.runs = runs;
    }

    void machine(Pool pool) throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
        String mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB").orElse("?");
        Row pg = pool.query("""
                SELECT current_setting('server_version') AS version, current_setting('synchronous_commit') AS sync,
                       current_setting('fsync') AS fsync, current_setting('shared_buffers') AS buffers,
                       current_setting('autovacuum') AS autovacuum""")
                .execute().await().atMost(Duration.ofSeconds(30)).iterator().next();
        machine.add("CPU: " + cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores; memory " + mem);
        machine.add("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version")
                + "; load average at start (1, 5, 15 min): " + String.join(", ",
                Arrays.asList(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3))
                + " (other work on the machine stretches wall-clock times; CPU times and memory move less)");
        machine.add("Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", flags " + ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X")).collect(Collectors.joining(" ")));
        machine.add("PostgreSQL " + pg.getString("version") + " on the same machine (synchronous_commit="
                + pg.getString("sync") + ", fsync=" + pg.getString("fsync") + ", shared_buffers="
                + pg.getString("buffers") + ", autovacuum=" + pg.getString("autovacuum") + ")");
    }

    void figure(String workload, String what, String unit, List<Double> values, String target) {
        rows.add("| " + workload + " | " + what + " | " + format(median(values)) + " " + unit + " | "
                + values.stream().map(BenchReport::format).collect(Collectors.joining(", ")) + " | " + target + " |");
    }

    void fraction(String workload, String what, double engine, double ceiling, String target) {
        rows.add("| " + workload + " | " + what + " | " + String.format(Locale.ROOT, "%.2f", engine / ceiling)
                + " | " + format(engine) + " / " + format(ceiling) + " | " + target + " |");
    }

    void rssAfter(String workload, long bytes) {
        memory.add("| resident memory after " + workload + " (engine and benchmark driver, one JVM) | "
                + bytes / (1024 * 1024) + " MB |");
    }

    void memory(String what, List<Double> megabytes) {
        memory.add("| " + what + " | " + megabytes.stream().map(mb -> Math.round(mb) + " MB")
                .collect(Collectors.joining(", ")) + " |");
    }

    void note(String text) {
        notes.add(text);
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Reprise benchmark, ").append(at.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        if (!label.isBlank()) {
            out.append(" (").append(label).append(')');
        }
        out.append("\n\n");
        machine.forEach(m -> out.append("- ").append(m).append('\n'));
        out.append("\nMedian of ").append(runs).append(" runs; every orchestration's output was checked.\n\n");
        out.append("| Workload | Figure | Median | Runs | Target |\n|---|---|---|---|---|\n");
        rows.forEach(r -> out.append(r).append('\n'));
        out.append("\n| Memory | |\n|---|---|\n");
        memory.forEach(m -> out.append(m).append('\n'));
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(n -> out.append("- ").append(n).append('\n'));
        }
        return out.toString();
    }

    Path write(Path directory) throws Exception {
        Files.createDirectories(directory);
        Path file = directory.resolve(at.format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm")) + ".md");
        Files.writeString(file, markdown());
        return file;
    }

    /** Whether the last three of {@code rounds} lie within 10% of each other: a warm-up has settled. */
    static boolean settled(List<Double> rounds) {
        if (rounds.size() < 3) {
            return false;
        }
        List<Double> last = rounds.subList(rounds.size() - 3, rounds.size());
        return Collections.max(last) <= 1.1 * Collections.min(last);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String format(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
