package io.databroker.ingest.core.http;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The time allowed for reading one response body, enforced even while a read is blocked: at the deadline the raw
 * response stream is closed, which wakes a reader stuck on a server that sent its headers and then went silent
 * (a check after each read alone never runs when no byte ever comes). Readers turn what that close makes them see
 * (an I/O error or a premature end of stream) into {@link #timeout()}.
 */
final class BodyDeadline implements AutoCloseable {

    /** One daemon thread for every fetcher of the JVM: its tasks only close streams. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "http-body-deadline");
        thread.setDaemon(true);
        return thread;
    });

    private final URI uri;
    private final Duration limit;
    private final long deadlineNanos;
    private final ScheduledFuture<?> expiry;
    private volatile boolean expired;

    private BodyDeadline(URI uri, Closeable raw, Duration limit) {
        this.uri = uri;
        this.limit = limit;
        this.deadlineNanos = System.nanoTime() + limit.toNanos();
        this.expiry = WATCHDOG.schedule(() -> {
            expired = true;
            try {
                raw.close();
            } catch (IOException | RuntimeException e) {
                // Closing only wakes the reader; it fails with the timeout either way.
            }
        }, limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Starts the clock for the body of {@code uri}, read from {@code raw}, which is closed when {@code limit} passes. */
    static BodyDeadline start(URI uri, Closeable raw, Duration limit) {
        return new BodyDeadline(uri, raw, limit);
    }

    /** True once the deadline has passed (whether or not the watchdog has closed the stream yet). */
    boolean passed() {
        return expired || System.nanoTime() - deadlineNanos > 0;
    }

    /** The error a read ended by this deadline fails with, naming the configured limit. */
    HttpTimeoutException timeout() {
        return new HttpTimeoutException("reading the body of " + uri + " took longer than " + limit + " (read timeout)");
    }

    /** The body was read or abandoned in time: the watchdog has nothing left to do. */
    @Override
    public void close() {
        expiry.cancel(false);
    }
}
