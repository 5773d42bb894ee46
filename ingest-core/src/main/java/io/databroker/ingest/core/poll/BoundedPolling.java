package io.databroker.ingest.core.poll;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.databroker.ingest.core.health.PollHealth;

/**
 * Drives a {@link Poller} with an end (a backfill) through its {@link PollingLoop}, which handles, counts and backs
 * off failures, until the poller says it is finished. Gives up when the polls have failed for longer than the
 * health's {@code unhealthyAfter}, so a backfill against a broken source ends as failed instead of running forever.
 */
public final class BoundedPolling {

    private BoundedPolling() {
    }

    /**
     * @param afterPoll called after every poll, e.g. to report progress
     * @throws InterruptedException     when the thread is interrupted (stop or shutdown)
     * @throws SourceFailingException   when the polls kept failing
     */
    public static void run(PollingLoop loop, PollHealth health, BooleanSupplier finished, Runnable afterPoll)
            throws InterruptedException {
        while (!finished.getAsBoolean()) {
            if (Thread.interrupted()) {
                throw new InterruptedException("stopped");
            }
            Duration pause = loop.pollOnce();
            afterPoll.run();
            if (!health.isHealthy()) {
                throw new SourceFailingException("polls failing since " + health.failingSince().orElse(null) + ": "
                        + health.lastProblem().orElse("unknown problem"));
            }
            if (!pause.isZero() && !finished.getAsBoolean()) {
                TimeUnit.MILLISECONDS.sleep(pause.toMillis());
            }
        }
    }

    /** A bounded run gave up because its source kept failing. */
    public static final class SourceFailingException extends RuntimeException {
        public SourceFailingException(String message) {
            super(message);
        }
    }
}
