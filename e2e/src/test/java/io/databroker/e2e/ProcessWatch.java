package io.databroker.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.databroker.testsupport.ServiceProcess;

/**
 * Watches the service JVMs while a test runs: samples each one's resident set size from {@code /proc/<pid>/status}
 * (VmRSS) every half second, keeps the peak, and notes any moment a process was gone or had another pid (a restart).
 */
final class ProcessWatch implements AutoCloseable {

    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
    private final Map<String, Long> peakRssKib = new ConcurrentHashMap<>();
    private final Map<String, String> incidents = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    ProcessWatch(List<ServiceProcess> services) {
        for (ServiceProcess service : services) {
            pids.put(service.name(), service.pid());
            processes.put(service.name(), service);
        }
        sampler = new Thread(this::sampleUntilClosed, "process-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** The pids seen when watching began. */
    Map<String, Long> pids() {
        return Map.copyOf(pids);
    }

    /** Peak VmRSS per service, in KiB. */
    Map<String, Long> peakRssKib() {
        return Map.copyOf(peakRssKib);
    }

    /** Per service, the first time it was seen dead or with another pid; empty when all stayed up throughout. */
    Map<String, String> incidents() {
        return Map.copyOf(incidents);
    }

    private void sampleUntilClosed() {
        while (running) {
            sampleOnce();
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void sampleOnce() {
        pids.forEach((name, pid) -> {
            ServiceProcess process = processes.get(name);
            if (!process.isAlive() || process.pid() != pid) {
                incidents.putIfAbsent(name, "not alive with pid " + pid + " at " + java.time.Instant.now());
                return;
            }
            rssKib(pid).ifPresent(rss -> peakRssKib.merge(name, rss, Math::max));
        });
    }

    /** VmRSS of a live process, in KiB; empty once it has gone. */
    static Optional<Long> rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
