package io.databroker.ingest.core.poll;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.ingest.core.health.PollHealth;
import io.databroker.ingest.core.metrics.IngestMetrics;
import io.github.resilience4j.core.IntervalFunction;

/**
 * Runs one source's {@link Poller} until the thread is interrupted: after a healthy poll it waits the poller's
 * hint or the regular interval; after a failure it logs the reason, counts it, and backs off exponentially with
 * jitter (never sooner than a {@code Retry-After} the source sent). The one place where poll failures are handled,
 * so the service never stops on bad input.
 */
public final class PollingLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(PollingLoop.class);

    private final Poller poller;
    private final Duration interval;
    private final IntervalFunction errorBackoff;
    private final PollHealth health;
    private final IngestMetrics metrics;
    private int consecutiveFailures;

    /**
     * @param interval         pause after a healthy poll that gives no hint of its own
     * @param errorBackoffBase pause after the first failed poll; doubles per further failure (with jitter)
     * @param errorBackoffMax  upper bound of the pause after failures
     */
    public PollingLoop(Poller poller, Duration interval, Duration errorBackoffBase, Duration errorBackoffMax,
                       PollHealth health, IngestMetrics metrics) {
        this.poller = poller;
        this.interval = interval;
        this.errorBackoff = IntervalFunction.ofExponentialRandomBackoff(errorBackoffBase, 2.0, 0.3, errorBackoffMax);
        this.health = health;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Duration pause = pollOnce();
                if (!pause.isZero()) {
                    TimeUnit.MILLISECONDS.sleep(pause.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("{} polling stopped", metrics.source());
    }

    /** Polls once, records the outcome, and returns how long to wait before the next poll. */
    public Duration pollOnce() throws InterruptedException {
        long start = System.nanoTime();
        PollResult result;
        Duration pause;
        try {
            PollOutcome outcome = poller.poll();
            result = outcome.result();
            consecutiveFailures = 0;
            health.succeeded();
            pause = outcome.nextPollIn() == null ? interval : outcome.nextPollIn();
        } catch (IOException e) {
            result = failed(e);
            pause = backoff(e);
        } catch (RuntimeException e) {
            // Typed failures (malformed data, HTTP, publish) and, as a last resort, bugs: a poller must not be able
            // to stop the loop, because then the service looks alive but harvests nothing.
            result = failed(e);
            pause = backoff(e);
        }
        metrics.poll(result, Duration.ofNanos(System.nanoTime() - start));
        return pause;
    }

    private PollResult failed(Exception e) {
        PollResult result = PollFailures.classify(e);
        consecutiveFailures++;
        health.failed(result.tag() + ": " + e.getMessage());
        if (result == PollResult.UNEXPECTED_ERROR) {
            log.atError().addKeyValue("source", metrics.source()).addKeyValue("result", result.tag())
                    .setCause(e).log("{} poll failed unexpectedly", metrics.source());
        } else {
            log.atWarn().addKeyValue("source", metrics.source()).addKeyValue("result", result.tag())
                    .log("{} poll failed ({}): {}; cursor unchanged, failure {} in a row", metrics.source(),
                            result.tag(), e.getMessage(), consecutiveFailures);
        }
        return result;
    }

    private Duration backoff(Exception e) {
        Duration pause = Duration.ofMillis(errorBackoff.apply(consecutiveFailures));
        Duration asked = PollFailures.requestedWait(e).orElse(Duration.ZERO);
        return asked.compareTo(pause) > 0 ? asked : pause;
    }
}
