package io.databroker.cold.consume;

import java.time.Duration;
import java.time.Instant;

/** Exponential backoff between attempts at a failing table: initial, doubled per failure, capped; reset on success. */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private Duration next;
    private Instant notBefore = Instant.MIN;

    Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, was " + initial + ", " + max);
        }
        this.initial = initial;
        this.max = max;
        this.next = initial;
    }

    /** True when an attempt may be made at {@code now}. */
    boolean ready(Instant now) {
        return !now.isBefore(notBefore);
    }

    /** Records a failure at {@code now}; returns the delay before the next attempt. */
    Duration failed(Instant now) {
        Duration delay = next;
        notBefore = now.plus(delay);
        next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
        return delay;
    }

    /** Waits the maximum before the next attempt (failures only an operator can fix). */
    Duration failedHard(Instant now) {
        next = max;
        return failed(now);
    }

    /** Clears the delay: attempts may be made at once again. */
    void reset() {
        next = initial;
        notBefore = Instant.MIN;
    }
}
