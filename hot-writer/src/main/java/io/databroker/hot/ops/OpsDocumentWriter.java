package io.databroker.hot.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.databroker.hot.bulk.Backoff;
import io.databroker.hot.bulk.BulkDocumentWriter;
import io.databroker.hot.bulk.DocumentRejection;
import io.databroker.hot.bulk.IndexAction;
import io.databroker.hot.bulk.RetryCause;
import io.databroker.shared.ops.Job;

/**
 * The bulk path of an operation (rehydrate, replay): documents go through the live writer's
 * {@link BulkDocumentWriter} (same client, same limits, same circuit breaker), and this class tallies their fate.
 * Transient failures are collected and re-sent in further rounds after a backoff, so the job finishes only when
 * every document was stored, found present or refused for good.
 */
final class OpsDocumentWriter {

    /** Rounds of re-sends before the job gives up (with the backoff capped at its maximum, minutes of trying). */
    static final int MAX_ROUNDS = 12;

    private final Function<BulkDocumentWriter.Outcomes<IndexAction>, BulkDocumentWriter<IndexAction>> writers;
    private final Backoff backoff;
    private final boolean create;
    private final Job job;
    private final Queue<IndexAction> failed = new ConcurrentLinkedQueue<>();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong present = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicReference<String> lastRejection = new AtomicReference<>();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private BulkDocumentWriter<IndexAction> current;

    /**
     * @param create true: {@code create} (never overwrite; a 409 means the id is there); false: {@code index}
     */
    OpsDocumentWriter(Function<BulkDocumentWriter.Outcomes<IndexAction>, BulkDocumentWriter<IndexAction>> writers,
                      Backoff backoff, boolean create, Job job) {
        this.writers = writers;
        this.backoff = backoff;
        this.create = create;
        this.job = job;
    }

    void submit(IndexAction action) {
        if (current == null) {
            current = writers.apply(new Tally());
        }
        send(current, action);
    }

    /** Waits for everything sent, re-sends transient failures until none is left, and returns the tally. */
    Result finish() {
        for (int round = 1; ; round++) {
            if (current != null) {
                current.close();
                current = null;
            }
            if (failed.isEmpty() || job.stopRequested()) {
                return new Result(stored.get(), present.get(), rejected.get(), failed.size(), lastRejection.get());
            }
            if (round > MAX_ROUNDS) {
                throw new IllegalStateException(failed.size() + " documents could not be written after " + MAX_ROUNDS
                        + " rounds of re-sends; last failure: " + lastFailure.get());
            }
            sleep(backoff.delay(round));
            List<IndexAction> again = new ArrayList<>();
            for (IndexAction action; (action = failed.poll()) != null; ) {
                again.add(action);
            }
            current = writers.apply(new Tally());
            again.forEach(action -> send(current, action));
        }
    }

    private void send(BulkDocumentWriter<IndexAction> writer, IndexAction action) {
        if (create) {
            writer.submitCreate(action, action);
        } else {
            writer.submit(action, action);
        }
    }

    private void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to re-send", e);
        }
    }

    /**
     * @param stored   written (created or overwritten)
     * @param present  not created because the id was there already ({@code create} only)
     * @param rejected refused for good (mapping errors); {@code lastRejection} says why, without field values
     * @param pending  not written because the job was stopped
     */
    record Result(long stored, long present, long rejected, long pending, String lastRejection) {
    }

    private final class Tally implements BulkDocumentWriter.Outcomes<IndexAction> {

        @Override
        public void stored(IndexAction action, String index) {
            stored.incrementAndGet();
            job.advance(1);
        }

        @Override
        public void rejected(IndexAction action, DocumentRejection rejection) {
            if (create && rejection.status() == 409) {
                present.incrementAndGet();
            } else {
                rejected.incrementAndGet();
                lastRejection.set(rejection.errorType() + " (status " + rejection.status() + ") for " + action.id());
            }
            job.advance(1);
        }

        @Override
        public void failed(IndexAction action, RetryCause cause, String description) {
            lastFailure.set(cause.tag() + ": " + description);
            failed.add(action);
        }
    }
}
