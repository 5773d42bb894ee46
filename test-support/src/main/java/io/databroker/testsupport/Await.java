package io.databroker.testsupport;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, so tests never sleep for a guessed amount of time. */
public final class Await {

    private static final long FIRST_POLL_MILLIS = 100;
    private static final long MAX_POLL_MILLIS = 250;

    private Await() {
    }

    /**
     * Polls {@code condition} until it holds; on the deadline fails naming {@code whatWeWaitFor}.
     * An exception thrown by the condition counts as "not yet" and becomes the failure's cause.
     */
    public static void until(Duration timeout, String whatWeWaitFor, BooleanSupplier condition) {
        untilValue(timeout, whatWeWaitFor, condition::getAsBoolean, Boolean::booleanValue);
    }

    /**
     * Polls {@code supplier} until {@code accept} holds for its value and returns that value; on the deadline fails
     * with an {@link AssertionError} naming {@code whatWeWaitFor} and the last value seen (or the last exception).
     */
    public static <T> T untilValue(Duration timeout, String whatWeWaitFor, Supplier<T> supplier,
                                   Predicate<? super T> accept) {
        Objects.requireNonNull(whatWeWaitFor, "whatWeWaitFor");
        long deadline = System.nanoTime() + timeout.toNanos();
        long pollMillis = FIRST_POLL_MILLIS;
        T last = null;
        RuntimeException lastFailure = null;
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                last = supplier.get();
                lastFailure = null;
                if (accept.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastFailure = e;
            }
            long remainingNanos = deadline - System.nanoTime();
            if (remainingNanos <= 0) {
                String observed = lastFailure != null ? "last attempt threw " + lastFailure : "last value was " + last;
                AssertionError error = new AssertionError(
                        "Timed out after " + timeout + " (" + attempts + " attempts) waiting for " + whatWeWaitFor
                                + "; " + observed);
                if (lastFailure != null) {
                    error.initCause(lastFailure);
                }
                throw error;
            }
            sleep(Math.min(pollMillis, Math.max(1, remainingNanos / 1_000_000)));
            // Back off a little: early polls catch fast conditions, later ones leave CPU to the servers we wait for.
            pollMillis = Math.min(MAX_POLL_MILLIS, pollMillis + 50);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
