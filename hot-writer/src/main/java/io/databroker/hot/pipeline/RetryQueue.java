package io.databroker.hot.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * Documents waiting for their backoff before being re-submitted. The bulk listener threads add; the consumer
 * thread takes the due ones, and only while the circuit is closed — while it is open they stay here, unacknowledged,
 * so nothing after them is committed.
 */
final class RetryQueue {

    private final DelayQueue<Waiting> queue = new DelayQueue<>();

    void add(PendingDocument document, Duration delay) {
        queue.add(new Waiting(document, System.nanoTime() + delay.toNanos()));
    }

    /** The documents whose backoff is over, in due order. */
    List<PendingDocument> due() {
        List<PendingDocument> due = new ArrayList<>();
        for (Waiting next = queue.poll(); next != null; next = queue.poll()) {
            due.add(next.document);
        }
        return due;
    }

    /** How long until the next document is due; null when none waits. */
    Duration untilNext() {
        Waiting head = queue.peek();
        return head == null ? null : Duration.ofNanos(Math.max(0, head.getDelay(TimeUnit.NANOSECONDS)));
    }

    int size() {
        return queue.size();
    }

    private record Waiting(PendingDocument document, long dueNanos) implements Delayed {

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Waiting) other).dueNanos);
        }
    }
}
