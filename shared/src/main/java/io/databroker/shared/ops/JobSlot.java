package io.databroker.shared.ops;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most one job of a kind per instance (the operations contract): starts it on its own thread, answers its status,
 * passes a stop request on. The last job's status stays readable after it ended.
 */
public final class JobSlot {

    private static final Logger log = LoggerFactory.getLogger(JobSlot.class);

    private final String kind;
    private final Clock clock;
    private Job current;

    public JobSlot(String kind, Clock clock) {
        this.kind = kind;
        this.clock = clock;
    }

    /**
     * Starts {@code work} unless a job of this kind runs.
     *
     * @throws JobAlreadyRunningException with the running job's status
     */
    public synchronized JobStatus start(Map<String, Object> parameters, Consumer<Job> work) {
        if (current != null && current.status().running()) {
            throw new JobAlreadyRunningException(current.status());
        }
        Job job = new Job(kind, parameters, clock);
        current = job;
        Thread thread = new Thread(() -> run(job, work), "ops-" + kind);
        thread.setDaemon(true);
        thread.start();
        return job.status();
    }

    public synchronized Optional<JobStatus> status() {
        return Optional.ofNullable(current).map(Job::status);
    }

    /** Asks the running job to stop; returns its status (still {@code running} until it reached a safe point). */
    public synchronized Optional<JobStatus> stop() {
        if (current != null && current.status().running()) {
            current.requestStop();
        }
        return status();
    }

    private void run(Job job, Consumer<Job> work) {
        log.info("{} job {} started with {}", kind, job.status().id(), job.parameters());
        try {
            work.accept(job);
            job.finished(job.stopRequested() ? JobStatus.STOPPED : JobStatus.SUCCEEDED, null);
        } catch (RuntimeException | Error e) {
            // The job's own failure: reported in its status (and logged once) for the operator to act on.
            log.error("{} job {} failed", kind, job.status().id(), e);
            job.finished(JobStatus.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
            if (e instanceof Error error) {
                throw error;
            }
            return;
        }
        JobStatus status = job.status();
        log.info("{} job {} {}: {} done in all", kind, status.id(), status.state(), status.done());
    }
}
