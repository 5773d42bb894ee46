package io.databroker.bench.cold;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** This JVM's CPU time and peak resident memory, as the OS counts them (Linux /proc). */
final class ProcessStats {

    private ProcessStats() {
    }

    /** CPU seconds (user + system, all threads) this process used so far. */
    static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /** Peak resident set size of this process so far, in MB ({@code VmHWM} of /proc/self/status). */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmHWM in /proc/self/status");
    }

    /** The line a child run prints for {@link SparkBench} to parse. */
    static void report(long records, double seconds, double cpuSeconds) {
        System.out.println(String.format(Locale.ROOT, "RESULT records=%d seconds=%.3f cpu=%.3f peakMb=%.1f",
                records, seconds, cpuSeconds, peakRssMb()));
    }
}
