package io.databroker.ingest.github.gharchive;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.ingest.core.poll.PollingLoop;

/**
 * Drives a {@link GhArchiveBackfill} through its polling loop (failures handled, counted and backed off there) until
 * the range is complete or the thread is interrupted; unlike the live mode, a backfill ends.
 */
public final class BackfillRun implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(BackfillRun.class);

    private final GhArchiveBackfill backfill;
    private final PollingLoop loop;

    public BackfillRun(GhArchiveBackfill backfill, PollingLoop loop) {
        this.backfill = backfill;
        this.loop = loop;
    }

    @Override
    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted() && !backfill.finished()) {
                Duration pause = loop.pollOnce();
                if (!pause.isZero() && !backfill.finished()) {
                    TimeUnit.MILLISECONDS.sleep(pause.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (backfill.finished()) {
            log.info("GH Archive backfill of {} complete", backfill.cursor().range());
        } else {
            log.info("GH Archive backfill stopped at {}", backfill.cursor().nextHour());
        }
    }
}
