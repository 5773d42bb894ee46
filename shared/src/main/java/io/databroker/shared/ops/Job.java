package io.databroker.shared.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One running operation as its work sees it: progress counters it advances and the stop request it polls between
 * units of work (stopping is cooperative, so a job never stops half-way through a bulk request or a Delta commit).
 */
public final class Job {

    private final String id = UUID.randomUUID().toString();
    private final String kind;
    private final Map<String, Object> parameters;
    private final Clock clock;
    private final Instant startedAt;
    private final AtomicLong done = new AtomicLong();
    private volatile Long total;
    private volatile boolean stopRequested;
    private volatile String state = JobStatus.RUNNING;
    private volatile Instant finishedAt;
    private volatile String error;

    Job(String kind, Map<String, Object> parameters, Clock clock) {
        this.kind = kind;
        this.parameters = Map.copyOf(parameters);
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** A job run directly, without a {@link JobSlot} (tests, the command line). */
    public static Job detached(String kind, Clock clock) {
        return new Job(kind, Map.of(), clock);
    }

    /** Its current status. */
    public JobStatus snapshot() {
        return status();
    }

    /** Sets the number of units in all, once known. */
    public void total(long units) {
        total = units;
    }

    /** Adds to the total, for work that discovers its size as it goes (one day after the other). */
    public void addTotal(long units) {
        Long current = total;
        total = (current == null ? 0 : current) + units;
    }

    /** Counts {@code units} more as done. */
    public void advance(long units) {
        done.addAndGet(units);
    }

    /** True once a stop was asked for: the work returns at its next safe point. */
    public boolean stopRequested() {
        return stopRequested;
    }

    public Map<String, Object> parameters() {
        return parameters;
    }

    void requestStop() {
        stopRequested = true;
    }

    void finished(String finalState, String failure) {
        error = failure;
        finishedAt = clock.instant();
        state = finalState;
    }

    JobStatus status() {
        long units = done.get();
        Instant end = finishedAt == null ? clock.instant() : finishedAt;
        double seconds = Math.max(Duration.between(startedAt, end).toMillis(), 1) / 1000.0;
        double rate = units / seconds;
        Long all = total;
        Long eta = null;
        if (all != null && finishedAt == null && rate > 0) {
            eta = (long) Math.ceil(Math.max(all - units, 0) / rate);
        }
        return new JobStatus(id, kind, state, parameters, units, all, Math.round(rate * 10) / 10.0, eta, startedAt,
                finishedAt, error);
    }
}
