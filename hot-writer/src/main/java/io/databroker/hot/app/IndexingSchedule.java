package io.databroker.hot.app;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

import io.databroker.hot.bulk.StopSignal;
import io.databroker.hot.pipeline.IndexingLoop;

/**
 * Owns the indexing thread: starts a fresh loop when the context is ready, stops it on shutdown (before the clients
 * it uses are closed). If the loop dies of an unexpected error the service reports itself not alive, so the
 * orchestrator restarts it and the uncommitted batch is redelivered.
 */
public class IndexingSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IndexingSchedule.class);

    /** Longer than a bulk request's socket timeout (30 s), so in-flight requests can finish and be committed. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(45);

    private final Supplier<IndexingLoop> loops;
    private final ApplicationEventPublisher events;
    private volatile IndexingLoop loop;
    private volatile Thread thread;
    private final Predicate<StopSignal> beforeIndexing;
    private volatile StopSignal stopSignal = new StopSignal();

    public IndexingSchedule(Supplier<IndexingLoop> loops, ApplicationEventPublisher events) {
        this(loops, events, stop -> true);
    }

    /** @param beforeIndexing run on the indexing thread first (e.g. a deferred setup); false = stopped meanwhile */
    public IndexingSchedule(Supplier<IndexingLoop> loops, ApplicationEventPublisher events,
                            Predicate<StopSignal> beforeIndexing) {
        this.loops = loops;
        this.events = events;
        this.beforeIndexing = beforeIndexing;
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        IndexingLoop next = loops.get();
        StopSignal stop = new StopSignal();
        stopSignal = stop;
        Thread worker = new Thread(() -> runLoop(next, stop), "hot-writer-indexing");
        loop = next;
        thread = worker;
        worker.start();
    }

    private void runLoop(IndexingLoop indexing, StopSignal stop) {
        try {
            if (!beforeIndexing.test(stop)) {
                return;
            }
            indexing.run();
        } catch (RuntimeException | Error e) {
            log.error("indexing loop died; reporting liveness BROKEN so that the service is restarted", e);
            AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
            throw e;
        }
    }

    @Override
    public synchronized void stop() {
        IndexingLoop running = loop;
        Thread worker = thread;
        if (running == null || worker == null) {
            return;
        }
        stopSignal.stop();
        running.stop();
        try {
            worker.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            log.warn("indexing thread did not stop within {}; its batch stays uncommitted and will be redelivered",
                    STOP_TIMEOUT);
        }
        loop = null;
        thread = null;
    }

    @Override
    public boolean isRunning() {
        Thread worker = thread;
        return worker != null && worker.isAlive();
    }
}
