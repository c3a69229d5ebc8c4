package dev.reprise.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What processes use, read from Linux's {@code /proc}: resident memory and CPU time. CPU time moves less than
 * wall-clock figures when other work shares the machine, so the benchmark reports it beside them.
 */
final class ProcessMeter {

    private ProcessMeter() {
    }

    /** The process's resident set size, in bytes; -1 when Linux does not say. */
    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** User and system CPU time the process has used, in ms (Linux counts it in clock ticks of 10 ms). */
    static double cpuMillis(long pid) {
        try {
            return cpuMillis(Files.readString(Path.of("/proc", Long.toString(pid), "stat")), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * CPU time, in ms, used by every PostgreSQL process on the machine so far, including backends that have exited
     * (counted in their parent's children time). Only differences between two readings mean anything.
     */
    static double postgresCpuMillis() {
        double total = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    if (stat.contains("(postgres)")) {
                        total += cpuMillis(stat, true);
                    }
                } catch (IOException ended) {
                    // The process ended while we listed them: its time is in its parent's children time now.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total;
    }

    private static double cpuMillis(String stat, boolean withChildren) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        if (withChildren) {
            ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        }
        return ticks * 10.0;
    }
}
