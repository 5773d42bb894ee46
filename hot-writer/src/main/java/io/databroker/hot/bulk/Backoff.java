package io.databroker.hot.bulk;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": attempt n waits a random time in [cap/2, cap] where
 * cap = min(max, initial * 2^(n-1)). Half the wait is guaranteed (the cluster gets its breather), the other half is
 * spread so that many writers do not retry in lock-step.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;

    /**
     * @param random uniform values in [0, 1); tests pass a constant
     */
    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The wait before retry number {@code attempt} (1 = first retry). */
    public Duration delay(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, was " + attempt);
        }
        long maxMillis = max.toMillis();
        long cap = initial.toMillis();
        for (int i = 1; i < attempt && cap < maxMillis; i++) {
            cap *= 2;
        }
        cap = Math.min(cap, maxMillis);
        long half = cap / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (cap - half)));
    }
}
