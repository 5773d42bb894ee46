package io.databroker.ops;

/**
 * The work of one job, run on its own thread by {@link JobRunner}. Returning normally means succeeded; an
 * {@link InterruptedException} (or returning after {@link JobContext#stopRequested()}) means stopped; any other
 * exception means failed, with its message as the status' error.
 */
@FunctionalInterface
public interface Job {

    void run(JobContext context) throws Exception;
}
