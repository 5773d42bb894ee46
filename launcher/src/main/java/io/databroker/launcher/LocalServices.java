package io.databroker.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.databroker.testsupport.HttpProbe;
import io.databroker.testsupport.ServiceProcess;

/**
 * The services the launcher runs, as child JVMs from their packaged jars (the way operators run them: configured
 * only by environment variables, one log file each). They start together; readiness is reported per service as it
 * turns UP.
 */
final class LocalServices implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final long READY_POLL_MILLIS = 500;

    private final List<ServiceProcess> processes;

    private LocalServices(List<ServiceProcess> processes) {
        this.processes = List.copyOf(processes);
    }

    /** Starts every process; {@code progress} gets one line per service. */
    static LocalServices start(List<ServiceProcess> processes, Consumer<String> progress) {
        LocalServices services = new LocalServices(processes);
        for (ServiceProcess process : processes) {
            progress.accept("starting " + process.name() + " on port " + process.port() + " (log " + process.logFile() + ")");
            process.start();
        }
        return services;
    }

    List<ServiceProcess> processes() {
        return processes;
    }

    /**
     * Waits until every service's {@code /actuator/health/readiness} answers 200, telling {@code progress} as each one
     * does. Fails with the log tail of a service that exits, or naming those not ready within {@code timeout}; returns
     * early (false) when {@code stopRequested} turns true.
     */
    boolean awaitReady(Duration timeout, BooleanSupplier stopRequested, Consumer<String> progress) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        Map<ServiceProcess, String> waiting = new LinkedHashMap<>();
        processes.forEach(process -> waiting.put(process, "no answer yet"));
        while (!waiting.isEmpty()) {
            if (stopRequested.getAsBoolean()) {
                return false;
            }
            for (ServiceProcess process : new ArrayList<>(waiting.keySet())) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(process.name() + " exited before it was ready; last lines of "
                            + process.logFile() + ":\n" + process.logTail(15));
                }
                String answer = readiness(process);
                if (answer == null) {
                    waiting.remove(process);
                    progress.accept(process.name() + " is ready (readiness UP after "
                            + (System.nanoTime() - started) / 1_000_000_000 + " s)");
                } else {
                    waiting.put(process, answer);
                }
            }
            if (!waiting.isEmpty() && System.nanoTime() > deadline) {
                StringBuilder message = new StringBuilder("not ready after " + timeout.toSeconds() + " s:");
                waiting.forEach((process, answer) -> message.append("\n  ").append(process.name()).append(": ")
                        .append(answer).append(" (log ").append(process.logFile()).append(')'));
                throw new IllegalStateException(message.toString());
            }
            pause();
        }
        return true;
    }

    /** Stops all services at once: SIGTERM, then SIGKILL after a grace period. */
    @Override
    public void close() {
        processes.parallelStream().forEach(process -> process.stop(STOP_GRACE));
    }

    /** Null when ready, else what the readiness endpoint answered. */
    private static String readiness(ServiceProcess process) {
        try {
            var response = HttpProbe.get(process.url("/actuator/health/readiness"));
            return response.statusCode() == 200 ? null : response.statusCode() + " " + response.body();
        } catch (IllegalStateException notListeningYet) {
            return notListeningYet.getMessage();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(READY_POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the services", e);
        }
    }
}
