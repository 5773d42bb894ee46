package io.databroker.ingest.dns.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.databroker.ingest.dns.ingest.DnstapIngest;
import io.databroker.ingest.dns.publish.DnsRecordPublisher;
import io.databroker.ingest.dns.receive.CaptureFileReplayer;
import io.databroker.ingest.dns.receive.DnstapReceiver;

/**
 * Owns the threads of ingest-dns: starts the listeners, publishes unpaired messages once their pairing timeout has
 * passed, replays the configured capture files once, checks every second that the Kafka producer is not stuck; on
 * stop closes the listeners and publishes whatever still waits for a counterpart before the producer closes.
 */
public class DnstapReceiverLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DnstapReceiverLifecycle.class);

    private final DnstapReceiver receiver;
    private final DnstapIngest ingest;
    private final DnsRecordPublisher publisher;
    private final CaptureFileReplayer replayer;
    private final List<Path> replayFiles;
    private final Duration pairingTimeout;
    private final String effectiveSettings;
    private ScheduledExecutorService scheduler;
    private ScheduledExecutorService watchdog;
    private volatile boolean replayDone;

    /** @param effectiveSettings the settings as logged at start (secrets masked) */
    public DnstapReceiverLifecycle(DnstapReceiver receiver, DnstapIngest ingest, DnsRecordPublisher publisher,
                                   CaptureFileReplayer replayer, List<Path> replayFiles, Duration pairingTimeout,
                                   String effectiveSettings) {
        this.receiver = receiver;
        this.ingest = ingest;
        this.publisher = publisher;
        this.replayer = replayer;
        this.replayFiles = List.copyOf(replayFiles);
        this.pairingTimeout = pairingTimeout;
        this.effectiveSettings = effectiveSettings;
    }

    @Override
    public synchronized void start() {
        log.info("ingest-dns starting with {}", effectiveSettings);
        receiver.start();
        scheduler = Executors.newScheduledThreadPool(2, daemon("dnstap-lifecycle"));
        // A thread of its own: the sweeper and the replay publish, so they are the ones blocked when the producer is stuck.
        watchdog = Executors.newSingleThreadScheduledExecutor(daemon("dnstap-producer-watchdog"));
        watchdog.scheduleWithFixedDelay(this::checkProducer, 1, 1, TimeUnit.SECONDS);
        // A quarter of the timeout: an unpaired message leaves at most 25 % later than its timeout.
        long sweepMillis = Math.max(50, pairingTimeout.toMillis() / 4);
        scheduler.scheduleWithFixedDelay(this::expire, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        if (!replayFiles.isEmpty()) {
            scheduler.execute(this::replayAll);
        } else {
            replayDone = true;
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private void checkProducer() {
        try {
            publisher.checkProducer();
        } catch (RuntimeException e) {
            log.error("checking the Kafka producer failed unexpectedly", e);
        }
    }

    private void expire() {
        try {
            ingest.expirePending();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: keep sweeping and make the bug loud instead.
            log.error("publishing unpaired dnstap messages failed unexpectedly", e);
        }
    }

    private void replayAll() {
        for (Path file : replayFiles) {
            try {
                CaptureFileReplayer.Outcome outcome = replayer.replay(file);
                log.info("capture file {} replayed: {}", file, outcome);
            } catch (IOException e) {
                log.error("capture file {} could not be read: {}", file, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        replayDone = true;
    }

    /** True once the configured capture files have been read (at once when there are none). */
    public boolean replayDone() {
        return replayDone;
    }

    @Override
    public synchronized void stop() {
        receiver.close();
        if (watchdog != null) {
            watchdog.shutdownNow();
            watchdog = null;
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                    log.warn("dnstap sweeper/replay did not stop within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
        try {
            ingest.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("dnstap receiver stopped");
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
