package io.databroker.hot.bulk;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets the service stop a writer that is waiting between retries without interrupting threads (an interrupt inside
 * the HTTP or Kafka client can leave them in an undefined state).
 */
public final class StopSignal {

    private final CountDownLatch stopped = new CountDownLatch(1);

    public void stop() {
        stopped.countDown();
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    /**
     * Waits for {@code duration} unless stopped first.
     *
     * @return true when the full time passed, false when stop was requested
     */
    public boolean pause(Duration duration) {
        try {
            return !stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
