package io.databroker.cold.app;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

import io.databroker.cold.consume.ColdWriterLoop;

/**
 * Owns the loop's thread: starts it with the context, and on shutdown lets it commit its buffers before the clients
 * close. A loop that dies of an unexpected failure marks the application broken, so the liveness probe restarts it.
 */
public class ColdWriterLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ColdWriterLifecycle.class);

    /** Long enough for a final commit of full buffers to slow object storage. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);

    private final ColdWriterLoop loop;
    private final ApplicationEventPublisher events;
    private volatile Thread thread;

    public ColdWriterLifecycle(ColdWriterLoop loop, ApplicationEventPublisher events) {
        this.loop = loop;
        this.events = events;
    }

    @Override
    public void start() {
        Thread t = new Thread(this::runLoop, "cold-writer-loop");
        thread = t;
        t.start();
    }

    private void runLoop() {
        try {
            loop.run();
        } catch (RuntimeException | Error e) {
            log.error("cold-writer loop stopped by an unexpected failure", e);
            AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
        }
    }

    /** True while the loop's thread runs. */
    public boolean loopAlive() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    @Override
    public void stop() {
        loop.stop();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(STOP_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                log.warn("cold-writer loop did not stop within {}; its uncommitted records will be read again", STOP_TIMEOUT);
            }
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
