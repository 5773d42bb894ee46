package io.databroker.ingest.core.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the starts of two requests to one source at least {@code interval} apart (arXiv asks for one request per
 * 3 s). Resilience4j's RateLimiter is not used for this on purpose: it refreshes permits on fixed cycles, so two
 * requests on either side of a cycle boundary can go out milliseconds apart; politeness is about the gap.
 */
public final class RequestPacer {

    private final long intervalNanos;
    private long nextAllowedNanos;
    private boolean first = true;

    public RequestPacer(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** Blocks until this request may start, then books the next slot. */
    public synchronized void awaitTurn() throws InterruptedException {
        if (!first) {
            long wait = nextAllowedNanos - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
        first = false;
        nextAllowedNanos = System.nanoTime() + intervalNanos;
    }
}
