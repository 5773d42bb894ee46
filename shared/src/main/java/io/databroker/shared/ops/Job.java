package io.databroker.shared.ops;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * What an operation's plain-Java core sees of the job running it: progress to report and a stop request to poll
 * between units of work (stopping is cooperative, so a job never stops half-way through a bulk request or a Delta
 * commit). The services adapt ops-core's {@code JobContext} to it with {@link #of}; tests and a command line use
 * {@link #detached()}.
 */
public interface Job {

    /** Sets the number of units in all, once known. */
    void total(long units);

    /** Counts {@code units} more as done. */
    void advance(long units);

    /** True once a stop was asked for: the work returns at its next safe point. */
    boolean stopRequested();

    static Job of(LongConsumer total, LongConsumer advance, BooleanSupplier stopRequested) {
        return new Job() {
            @Override
            public void total(long units) {
                total.accept(units);
            }

            @Override
            public void advance(long units) {
                advance.accept(units);
            }

            @Override
            public boolean stopRequested() {
                return stopRequested.getAsBoolean() || Thread.currentThread().isInterrupted();
            }
        };
    }

    /** A job run directly, counting for itself. */
    static Counting detached() {
        return new Counting();
    }

    /** A job that keeps its own counts. */
    final class Counting implements Job {

        private final AtomicLong done = new AtomicLong();
        private volatile Long total;

        @Override
        public void total(long units) {
            total = units;
        }

        @Override
        public void advance(long units) {
            done.addAndGet(units);
        }

        @Override
        public boolean stopRequested() {
            return false;
        }

        public long done() {
            return done.get();
        }

        public Long total() {
            return total;
        }
    }
}
