package io.databroker.ingest.dns.ingest;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * Logs a WARN at most once per interval per instance, saying how many were suppressed since: a sender spewing bad
 * frames must not flood the log (every drop is still counted in the metrics).
 */
public final class RateLimitedWarning {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedWarning(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /** Parameterised like SLF4J; the suppressed count is appended. */
    public void warn(String format, Object... args) {
        long now = System.nanoTime();
        long allowed = nextAllowed.get();
        if ((allowed == Long.MIN_VALUE || now - allowed >= 0) && nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
            long skipped = suppressed.getAndSet(0);
            if (!log.isWarnEnabled()) {
                return;
            }
            Object[] withCount = Arrays.copyOf(args, args.length + 1);
            withCount[args.length] = skipped;
            log.warn(format + " ({} similar warnings suppressed since the last one)", withCount);
        } else {
            suppressed.incrementAndGet();
        }
    }
}
