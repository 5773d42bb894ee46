package io.databroker.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What a running job reports its progress to, and how it learns that an operator asked it to stop. Thread-safe:
 * the job writes, status requests read.
 */
public final class JobContext {

    private final String id;
    private final Clock clock;
    private final Instant startedAt;
    private volatile long done;
    private volatile long doneAtStart;
    private volatile Long total;
    private volatile boolean stopRequested;

    JobContext(String id, Clock clock) {
        this.id = id;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** The job's id, e.g. to store with a resumable job's cursor. */
    public String id() {
        return id;
    }

    /** A job that resumes earlier work starts its count there; the rate then counts only this run's work. */
    public void resumeAt(long alreadyDone) {
        this.done = alreadyDone;
        this.doneAtStart = alreadyDone;
    }

    /** Units in all, once known (null = unknown). */
    public void total(Long total) {
        this.total = total;
    }

    public void advance(long units) {
        done += units;
    }

    /** Sets the units done, for jobs that read their position rather than count it. */
    public void done(long units) {
        done = units;
    }

    public long done() {
        return done;
    }

    public Long total() {
        return total;
    }

    /**
     * True once an operator asked the job to stop (DELETE), as opposed to the service shutting down: both interrupt
     * the thread, but only an operator's stop should be remembered, so that a job cut by a restart can resume.
     */
    public boolean stopRequested() {
        return stopRequested;
    }

    void requestStop() {
        stopRequested = true;
    }

    Instant startedAt() {
        return startedAt;
    }

    /** Units per second over this run, or null before the first unit or the first millisecond. */
    Double ratePerSecond() {
        long millis = Duration.between(startedAt, clock.instant()).toMillis();
        long units = done - doneAtStart;
        return millis <= 0 || units <= 0 ? null : units * 1000.0 / millis;
    }

    /** Seconds left at the current rate, or null when the total or the rate is unknown. */
    Long etaSeconds() {
        Double rate = ratePerSecond();
        Long all = total;
        if (rate == null || all == null) {
            return null;
        }
        return (long) Math.ceil(Math.max(0, all - done) / rate);
    }
}
