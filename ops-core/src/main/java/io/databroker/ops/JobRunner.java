package io.databroker.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.ops.audit.SecretMasker;

/**
 * Runs the Operations API's jobs, one thread each, at most one running job per kind on this instance, and keeps the
 * last job of every kind for status requests. A second start of a running kind is refused with
 * {@link JobConflictException} (HTTP 409). {@link #close()} interrupts running jobs without marking them as stopped
 * by an operator, so a job that keeps a cursor can resume after the restart.
 */
public final class JobRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final Clock clock;
    private final Map<String, Run> lastByKind = new HashMap<>();

    public JobRunner(Clock clock) {
        this.clock = clock;
    }

    /**
     * Starts {@code job} on its own thread. {@code parameters} are shown in its status and log with secrets masked.
     *
     * @throws JobConflictException when a job of {@code kind} is running
     */
    public synchronized JobStatus start(String kind, Map<String, Object> parameters, Job job) {
        Run current = lastByKind.get(kind);
        if (current != null && current.status().running()) {
            throw new JobConflictException(current.status());
        }
        String id = kind + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> shown = SecretMasker.mask(parameters);
        Run run = new Run(id, kind, shown, new JobContext(id, clock), job);
        lastByKind.put(kind, run);
        run.thread.start();
        log.atInfo().addKeyValue("job_id", id).addKeyValue("job_kind", kind).log("{} job {} started: {}", kind, id, shown);
        return run.status();
    }

    /** The running or last finished job of {@code kind} since the service started. */
    public synchronized Optional<JobStatus> status(String kind) {
        Run run = lastByKind.get(kind);
        return run == null ? Optional.empty() : Optional.of(run.status());
    }

    /** {@link #status}, or 404 for the HTTP caller. */
    public JobStatus statusOrNotFound(String kind) {
        return status(kind).orElseThrow(() -> notRun(kind));
    }

    /** {@link #stop}, or 404 for the HTTP caller. */
    public JobStatus stopOrNotFound(String kind) throws InterruptedException {
        return stop(kind).orElseThrow(() -> notRun(kind));
    }

    private static OpsRequestException notRun(String kind) {
        return OpsRequestException.notFound("no " + kind + " job has run since the service started");
    }

    /**
     * Asks the running job of {@code kind} to stop (interrupting it) and waits until it has; returns its final
     * status, or the last job's status when none was running, or empty when no job of that kind ran.
     */
    public Optional<JobStatus> stop(String kind) throws InterruptedException {
        Run run;
        synchronized (this) {
            run = lastByKind.get(kind);
        }
        if (run == null) {
            return Optional.empty();
        }
        if (run.status().running()) {
            run.context.requestStop();
            run.thread.interrupt();
            run.thread.join(STOP_WAIT.toMillis());
            if (run.thread.isAlive()) {
                log.warn("{} job {} did not stop within {}", kind, run.id, STOP_WAIT);
            }
        }
        return Optional.of(run.status());
    }

    /** Interrupts running jobs (service shutdown) and waits for them; they are not marked as stopped by an operator. */
    @Override
    public void close() {
        List<Run> running = new ArrayList<>();
        synchronized (this) {
            lastByKind.values().stream().filter(r -> r.status().running()).forEach(running::add);
        }
        running.forEach(r -> r.thread.interrupt());
        try {
            for (Run run : running) {
                run.thread.join(STOP_WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One started job: its thread and what it reported. */
    private final class Run {
        final String id;
        final String kind;
        final Map<String, Object> parameters;
        final JobContext context;
        final Thread thread;
        private volatile JobStatus.State state = JobStatus.State.RUNNING;
        private volatile Instant finishedAt;
        private volatile String error;

        Run(String id, String kind, Map<String, Object> parameters, JobContext context, Job job) {
            this.id = id;
            this.kind = kind;
            this.parameters = parameters;
            this.context = context;
            this.thread = new Thread(() -> execute(job), "ops-" + kind);
        }

        private void execute(Job job) {
            JobStatus.State outcome;
            try {
                job.run(context);
                outcome = context.stopRequested() || Thread.currentThread().isInterrupted()
                        ? JobStatus.State.STOPPED : JobStatus.State.SUCCEEDED;
            } catch (InterruptedException e) {
                outcome = JobStatus.State.STOPPED;
            } catch (Exception e) {
                // The one place a job's failure is handled: it becomes the job's state, visible to GET.
                outcome = JobStatus.State.FAILED;
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
                log.atError().addKeyValue("job_id", id).addKeyValue("job_kind", kind).setCause(e)
                        .log("{} job {} failed", kind, id);
            }
            finishedAt = clock.instant();
            state = outcome;
            log.atInfo().addKeyValue("job_id", id).addKeyValue("job_kind", kind)
                    .log("{} job {} {}: {} done{}", kind, id, outcome.json(), context.done(),
                            context.total() == null ? "" : " of " + context.total());
        }

        JobStatus status() {
            JobStatus.State now = state;
            boolean running = now == JobStatus.State.RUNNING;
            return new JobStatus(id, kind, now, parameters, context.done(), context.total(),
                    running ? context.ratePerSecond() : null, running ? context.etaSeconds() : null,
                    context.startedAt(), finishedAt, error);
        }
    }
}
