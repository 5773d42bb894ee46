package io.databroker.ingest.dns.publish;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.ingest.dns.ingest.DropReason;
import io.databroker.ingest.dns.ingest.IngestMetrics;
import io.databroker.ingest.dns.ingest.ProducerReplacement;
import io.databroker.ingest.dns.ingest.RateLimitedWarning;
import io.databroker.shared.envelope.CloudEventHeaders;

/**
 * Sends records to {@code dns_data} with an idempotent producer, at least once. A dnstap sender is a socket that
 * cannot replay, so there is no cursor and no transaction; instead the number of records sent but not yet
 * acknowledged is bounded: {@link #publish} blocks the calling (connection-reading) thread when the bound is reached,
 * the socket's receive buffer fills, and the sender feels TCP backpressure, rather than this service buffering
 * without limit. A record Kafka finally refuses (after the producer's retries, within {@code delivery.timeout.ms}) is
 * counted as {@code publish_failed}.
 *
 * <p>Because a stuck producer would hold the in-flight bound forever and so stop every sender, {@link #checkProducer}
 * (called periodically) replaces the producer with a new one from the factory when it reported an error that leaves
 * the instance unusable ({@link ProducerErrors}), or when records have been outstanding with no acknowledgement at
 * all for longer than {@code stallTimeout} (the client promises every callback within {@code delivery.timeout.ms};
 * an idempotent producer was once seen retrying OUT_OF_ORDER_SEQUENCE_NUMBER on a new partition without end). The
 * old producer is closed at once, which fails its unfinished records (counted as {@code publish_failed}) and frees
 * their in-flight permits.
 */
public final class DnsRecordPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DnsRecordPublisher.class);
    /** Replacing a producer more often than this would not help a cluster that refuses every new one either. */
    private static final Duration MIN_REPLACEMENT_INTERVAL = Duration.ofSeconds(10);

    private final Supplier<? extends Producer<String, byte[]>> producers;
    private final String topic;
    private final int maxInFlight;
    private final Duration stallTimeout;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final Semaphore inFlight;
    private final RateLimitedWarning failureWarning = new RateLimitedWarning(log, Duration.ofSeconds(10));
    private final Callback onCompletion = this::completed;
    /**
     * A refusal this old, with no record in flight, no longer turns readiness DOWN: DOWN steers resolvers away, so
     * the acknowledgement that would clear it may never come, and the instance would stay out of service for good
     * after Kafka recovered (seen in the chaos test after a broker restart). The readiness check asks Kafka itself.
     */
    static final Duration REFUSAL_FORGOTTEN_AFTER = Duration.ofSeconds(30);

    /** False from a refused send until the next acknowledged one: readiness reports it. */
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private volatile long lastRefusalMillis;
    /** Simple class name of the last error, for readiness (messages may name hosts). */
    private final AtomicReference<String> lastError = new AtomicReference<>();
    /** Set by a callback (the producer's I/O thread, which must not close its own producer); acted on by the check. */
    private final AtomicReference<String> fatalError = new AtomicReference<>();
    private final AtomicLong completions = new AtomicLong();
    private volatile Producer<String, byte[]> producer;

    // Watchdog state, only touched under "this" by checkProducer.
    private boolean watching;
    private long watchedCompletions;
    private long watchedSinceMillis;
    private long lastReplacementMillis = Long.MIN_VALUE / 2;

    /**
     * @param producers    makes idempotent producers (String keys, byte[] values): one at start, another whenever the
     *                     current one has to be replaced; this publisher closes them
     * @param stallTimeout records outstanding this long without a single acknowledgement mean a stuck producer;
     *                     longer than the producer's {@code delivery.timeout.ms}
     */
    public DnsRecordPublisher(Supplier<? extends Producer<String, byte[]>> producers, String topic, int maxInFlight,
                              Duration stallTimeout, IngestMetrics metrics, Clock clock) {
        this.producers = producers;
        this.topic = topic;
        this.maxInFlight = maxInFlight;
        this.stallTimeout = stallTimeout;
        this.metrics = metrics;
        this.clock = clock;
        this.inFlight = new Semaphore(maxInFlight);
        this.producer = producers.get();
    }

    /** Hands the record to the producer; blocks while {@code maxInFlight} records are unacknowledged. */
    public void publish(DnsRecord record) throws InterruptedException {
        inFlight.acquire();
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.write(record.cloudEvent(), headers);
        ProducerRecord<String, byte[]> producerRecord = new ProducerRecord<>(topic, null, record.key(), record.value(), headers);
        while (true) {
            Producer<String, byte[]> current = producer;
            try {
                current.send(producerRecord, onCompletion);
                return;
            } catch (IllegalStateException closed) {
                if (current == producer) {
                    inFlight.release();
                    failed(closed);
                    return;
                }
                // checkProducer closed this producer after we read it: send with its successor.
            } catch (KafkaException e) {
                // Thrown before the record was queued (e.g. buffer still full after max.block.ms): no callback will come.
                inFlight.release();
                failed(e);
                return;
            }
        }
    }

    private void completed(RecordMetadata metadata, Exception error) {
        inFlight.release();
        completions.incrementAndGet();
        if (error == null) {
            healthy.set(true);
            metrics.recordPublished();
            return;
        }
        failed(error);
        if (ProducerErrors.needsNewProducer(error)) {
            fatalError.compareAndSet(null, error.getClass().getSimpleName());
        }
    }

    private void failed(Exception error) {
        lastRefusalMillis = clock.millis();
        healthy.set(false);
        lastError.set(error.getClass().getSimpleName());
        metrics.dropped(DropReason.PUBLISH_FAILED);
        failureWarning.warn("record not published to {} ({}): {}", topic, error.getClass().getSimpleName(), error.getMessage());
    }

    /**
     * The watchdog, called periodically from one thread that never publishes (a publishing thread may be the one
     * blocked): replaces the producer after a fatal error or a stall, at most once per 10 s.
     */
    public synchronized void checkProducer() {
        long now = clock.millis();
        String fatal = fatalError.get();
        ProducerReplacement reason = fatal != null ? ProducerReplacement.FATAL_ERROR : stalled(now) ? ProducerReplacement.STALLED : null;
        if (reason == null || now - lastReplacementMillis < MIN_REPLACEMENT_INTERVAL.toMillis()) {
            return;
        }
        Producer<String, byte[]> old = producer;
        Producer<String, byte[]> replacement;
        try {
            replacement = producers.get();
        } catch (KafkaException e) {
            log.error("could not create a new Kafka producer for {} to replace one that {}; still trying: {}", topic,
                    describe(reason, fatal), e.toString());
            lastReplacementMillis = now;
            return;
        }
        producer = replacement;
        lastReplacementMillis = now;
        fatalError.set(null);
        watching = false;
        metrics.producerReplaced(reason);
        log.error("replaced the Kafka producer for {}: it {}; its {} unacknowledged records fail and are counted as {}",
                topic, describe(reason, fatal), inFlight(), DropReason.PUBLISH_FAILED.tag());
        // Zero timeout: fail its unfinished batches now (their callbacks free the permits) instead of waiting on them.
        old.close(Duration.ZERO);
        lastError.set(reason == ProducerReplacement.STALLED ? "ProducerStalled" : fatal);
    }

    /** Records outstanding since the check that first saw them, with no acknowledgement at all since then. */
    private boolean stalled(long now) {
        long done = completions.get();
        if (inFlight() == 0) {
            watching = false;
            return false;
        }
        if (!watching || done != watchedCompletions) {
            watching = true;
            watchedCompletions = done;
            watchedSinceMillis = now;
            return false;
        }
        return now - watchedSinceMillis >= stallTimeout.toMillis();
    }

    private String describe(ProducerReplacement reason, String fatal) {
        return reason == ProducerReplacement.STALLED
                ? "acknowledged nothing for " + stallTimeout.toSeconds() + " s with records outstanding"
                : "reported " + fatal + ", after which it fails every record";
    }

    public int inFlight() {
        return maxInFlight - inFlight.availablePermits();
    }

    /**
     * False after Kafka refused a record, until it acknowledges the next one, or until {@link #REFUSAL_FORGOTTEN_AFTER}
     * has passed with nothing in flight.
     */
    public boolean healthy() {
        return healthy.get()
                || inFlight() == 0 && clock.millis() - lastRefusalMillis >= REFUSAL_FORGOTTEN_AFTER.toMillis();
    }

    /** Simple class name of the last publishing error ({@code ProducerStalled} after a stall), or null. */
    public String lastError() {
        return lastError.get();
    }

    /** Sends everything handed over so far and waits for the acknowledgements. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
