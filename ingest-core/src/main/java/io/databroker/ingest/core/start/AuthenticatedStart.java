package io.databroker.ingest.core.start;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.shared.kafka.KafkaAuthentication;

/**
 * Runs a service's Kafka start step (initialise the transactional producer, read the cursors back) now, or, when the
 * broker rejects the credentials, again every {@link KafkaAuthentication#RETRY_PAUSE} on a thread of its own until it
 * succeeds. Meanwhile the service is up and not ready ({@code kafkaAuthentication} DOWN) instead of failing its start
 * into a crash loop. Any other failure is thrown (now) or logged and retried (later).
 */
public final class AuthenticatedStart implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuthenticatedStart.class);

    private final Thread retrying;

    private AuthenticatedStart(Thread retrying) {
        this.retrying = retrying;
    }

    /** Runs {@code start}; see the class comment. {@link #close()} ends a pending retry. */
    public static AuthenticatedStart run(String what, Runnable start) {
        try {
            start.run();
            return new AuthenticatedStart(null);
        } catch (RuntimeException e) {
            if (!KafkaAuthentication.failed(e)) {
                throw e;
            }
            log.error("{} not started, retrying every {}: {}", what, KafkaAuthentication.RETRY_PAUSE,
                    KafkaAuthentication.explain(e));
        }
        Thread thread = new Thread(() -> retry(what, start), what + "-start");
        thread.setDaemon(true);
        thread.start();
        return new AuthenticatedStart(thread);
    }

    private static void retry(String what, Runnable start) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(KafkaAuthentication.RETRY_PAUSE.toMillis());
                start.run();
                log.info("{} started", what);
                return;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("{} not started yet: {}", what, KafkaAuthentication.failed(e) ? KafkaAuthentication.explain(e) : e);
            }
        }
    }

    /** True while the start step still waits for the broker to accept the credentials. */
    public boolean pending() {
        return retrying != null && retrying.isAlive();
    }

    /** Ends a pending retry (and waits for a start step in progress to finish). */
    @Override
    public void close() {
        if (retrying != null) {
            retrying.interrupt();
            try {
                retrying.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
