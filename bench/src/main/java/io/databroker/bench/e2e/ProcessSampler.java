package io.databroker.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * CPU seconds and resident memory of each measured process (a service JVM, the Elasticsearch node's process tree, this
 * bench JVM), read from Linux /proc every {@link #EVERY}: CPU = utime + stime of {@code /proc/<pid>/stat} over the
 * measured window, memory = {@code VmRSS} of {@code /proc/<pid>/status}, averaged and maximised over the samples
 * taken in the window.
 */
final class ProcessSampler implements AutoCloseable {

    static final Duration EVERY = Duration.ofSeconds(1);
    /** USER_HZ: the unit of utime/stime; 100 on every mainstream Linux build. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** What one process used in the measured window. */
    record Usage(String name, double cpuSeconds, double avgRssMb, double peakRssMb) {
        String describe(long events) {
            return String.format(Locale.ROOT, "%-16s %8.1f CPU-s  %6.2f CPU-ms/event  RSS avg %6.0f MB  peak %6.0f MB",
                    name, cpuSeconds, cpuSeconds * 1000 / Math.max(1, events), avgRssMb, peakRssMb);
        }
    }

    private static final class Tracked {
        final Supplier<List<Long>> pids;
        double cpuAtStart = Double.NaN;
        double cpuAtEnd = Double.NaN;
        double rssSum;
        int rssSamples;
        double rssPeak;

        Tracked(Supplier<List<Long>> pids) {
            this.pids = pids;
        }
    }

    private final Map<String, Tracked> tracked = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean inWindow;

    ProcessSampler(Map<String, Supplier<List<Long>>> processes) {
        processes.forEach((name, pids) -> tracked.put(name, new Tracked(pids)));
        thread = new Thread(this::run, "e2e-process-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts the measured window: CPU counts from here, memory samples from here. */
    synchronized void startWindow() {
        tracked.values().forEach(t -> t.cpuAtStart = cpuSeconds(t.pids.get()));
        inWindow = true;
    }

    /** Ends the measured window. */
    synchronized void endWindow() {
        inWindow = false;
        tracked.values().forEach(t -> t.cpuAtEnd = cpuSeconds(t.pids.get()));
    }

    synchronized List<Usage> usage() {
        return tracked.entrySet().stream().map(e -> new Usage(e.getKey(), e.getValue().cpuAtEnd - e.getValue().cpuAtStart,
                e.getValue().rssSum / Math.max(1, e.getValue().rssSamples), e.getValue().rssPeak)).toList();
    }

    private void run() {
        while (running) {
            synchronized (this) {
                if (inWindow) {
                    for (Tracked t : tracked.values()) {
                        double rss = rssMb(t.pids.get());
                        t.rssSum += rss;
                        t.rssSamples++;
                        t.rssPeak = Math.max(t.rssPeak, rss);
                    }
                }
            }
            try {
                Thread.sleep(EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static double cpuSeconds(List<Long> pids) {
        long ticks = 0;
        for (long pid : pids) {
            String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
            if (stat != null) {
                // after "pid (comm)": field 3 (state) is index 0, utime (14) index 11, stime (15) index 12
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            }
        }
        return ticks / TICKS_PER_SECOND;
    }

    private static double rssMb(List<Long> pids) {
        long kb = 0;
        for (long pid : pids) {
            String status = read(Path.of("/proc", Long.toString(pid), "status"));
            if (status != null) {
                kb += status.lines().filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                        .sum();
            }
        }
        return kb / 1024.0;
    }

    /** The file's text, or null when the process is gone. */
    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException gone) {
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
    }
}
