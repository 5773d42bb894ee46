package io.databroker.ops;

/** A job of this kind is already running on this instance: answered 409 with the running job's status. */
public final class JobConflictException extends RuntimeException {

    private final transient JobStatus running;

    public JobConflictException(JobStatus running) {
        super("a " + running.kind() + " job is already running: " + running.id());
        this.running = running;
    }

    public JobStatus running() {
        return running;
    }
}
