package io.databroker.shared.ops;

/** A job of the same kind runs already: answered with 409 and that job's status. */
public final class JobAlreadyRunningException extends RuntimeException {

    private final transient JobStatus running;

    public JobAlreadyRunningException(JobStatus running) {
        super("a " + running.kind() + " job is running: " + running.id());
        this.running = running;
    }

    public JobStatus running() {
        return running;
    }
}
