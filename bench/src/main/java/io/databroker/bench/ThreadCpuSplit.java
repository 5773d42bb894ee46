package io.databroker.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Predicate;

/**
 * Where the CPU time of this JVM went during one measured phase, by groups of Java threads named by the caller
 * (e.g. "broker" for the in-process Kafka broker's threads), so that a benchmark can tell its own code's share from
 * the share of the parts it shares the machine with. What no Java thread accounts for (GC, JIT, JFR) is reported as
 * "jvm" (with the GC pause and JIT compilation times, to tell them apart). Call {@link #sample()} every few hundred milliseconds, so that threads ending during the phase are counted
 * up to their last sample ({@link #sampleEvery} does it from a daemon thread).
 */
public final class ThreadCpuSplit {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final Map<String, Predicate<String>> groups;
    private final Map<Long, String> groupOf = new HashMap<>();
    private final Map<Long, Long> first = new HashMap<>();
    private final Map<Long, Long> last = new HashMap<>();
    private final long processStart;
    private long processEnd;
    private final long gcStart = gcMillis();
    private long gcEnd;
    private final long jitStart = jitMillis();
    private long jitEnd;

    /**
     * @param groups group name → which thread names belong to it, tried in order; threads matching none go to
     *               "other"
     */
    public ThreadCpuSplit(Map<String, Predicate<String>> groups) {
        this.groups = new LinkedHashMap<>(groups);
        this.processStart = OS.getProcessCpuTime();
        sample();
        first.putAll(last);
    }

    /** Reads the CPU time of every live thread (threads started since the start count from zero). */
    public synchronized void sample() {
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                last.put(info.getThreadId(), cpu);
                groupOf.computeIfAbsent(info.getThreadId(), id -> group(info.getThreadName()));
            }
        }
        processEnd = OS.getProcessCpuTime();
        gcEnd = gcMillis();
        jitEnd = jitMillis();
    }

    /** Samples every {@code millis} on a daemon thread until {@code close()}d; the thread counts as "other". */
    public AutoCloseable sampleEvery(long millis) {
        java.util.concurrent.ScheduledExecutorService sampler = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "cpu-split-sampler");
                    thread.setDaemon(true);
                    return thread;
                });
        sampler.scheduleAtFixedRate(this::sample, millis, millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        return () -> {
            sampler.shutdownNow();
            sample();
        };
    }

    /** CPU nanoseconds per group since construction, up to the last {@link #sample()}, with "jvm" last. */
    public synchronized Map<String, Long> nanos() {
        Map<String, Long> result = new LinkedHashMap<>();
        groups.keySet().forEach(name -> result.put(name, 0L));
        result.put("other", 0L);
        long threads = 0;
        for (Map.Entry<Long, Long> e : last.entrySet()) {
            long cpu = e.getValue() - first.getOrDefault(e.getKey(), 0L);
            result.merge(groupOf.get(e.getKey()), cpu, Long::sum);
            threads += cpu;
        }
        result.put("jvm", Math.max(0, processEnd - processStart - threads));
        return result;
    }

    /** "broker 12.1, writer 20.3, …, jvm 4.0 CPU-µs per record (total 40.2)". */
    public String perRecord(long records) {
        StringJoiner parts = new StringJoiner(", ");
        long total = 0;
        for (Map.Entry<String, Long> e : nanos().entrySet()) {
            total += e.getValue();
            parts.add(String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue() / 1e3 / records));
        }
        return parts + String.format(Locale.ROOT, " CPU-µs per record (total %.1f); GC pauses %d ms, JIT %d ms",
                total / 1e3 / records, gcEnd - gcStart, jitEnd - jitStart);
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
    }

    private static long jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    private String group(String threadName) {
        for (Map.Entry<String, Predicate<String>> e : groups.entrySet()) {
            if (e.getValue().test(threadName)) {
                return e.getKey();
            }
        }
        return "other";
    }
}
