package io.databroker.storeops.verify;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.shared.topic.Source;

/**
 * Runs {@link StoreVerifier} every {@code interval} and publishes the result as {@link StoreDriftGauges}. A failed
 * run (a store unreachable) is logged and tried again at the next interval; the gauges keep the last values.
 */
public final class ScheduledVerification implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ScheduledVerification.class);

    private final ScheduledExecutorService executor;

    private ScheduledVerification(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /** Starts the schedule; the first run comes after one interval, so start-up is not slowed down. */
    public static ScheduledVerification start(StoreVerifier verifier, StoreDriftGauges gauges, List<Source> sources,
                                              int days, Duration interval) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "store-verification");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                VerifyReport report = verifier.verify(sources, days);
                gauges.record(report);
                log.info("scheduled store verification over {} days of {}: {}", days, sources,
                        report.agree() ? "stores agree" : "stores differ");
            } catch (RuntimeException e) {
                log.warn("scheduled store verification failed ({}); trying again in {}", e.toString(), interval);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("store verification scheduled every {} over the last {} days of {}", interval, days, sources);
        return new ScheduledVerification(executor);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
