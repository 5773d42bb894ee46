package io.databroker.ingest.dns.publish;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.ingest.dns.ingest.DropReason;
import io.databroker.ingest.dns.ingest.IngestMetrics;
import io.databroker.ingest.dns.ingest.RateLimitedWarning;
import io.databroker.shared.envelope.CloudEventHeaders;

/**
 * Sends records to {@code dns_data} with an idempotent producer, at least once. A dnstap sender is a socket that
 * cannot replay, so there is no cursor and no transaction; instead the number of records sent but not yet
 * acknowledged is bounded: {@link #publish} blocks the calling (connection-reading) thread when the bound is reached,
 * the socket's receive buffer fills, and the sender feels TCP backpressure, rather than this service buffering
 * without limit. A record Kafka finally refuses (after the producer's retries, within {@code delivery.timeout.ms}) is
 * counted as {@code publish_failed}.
 */
public final class DnsRecordPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DnsRecordPublisher.class);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final int maxInFlight;
    private final Semaphore inFlight;
    private final IngestMetrics metrics;
    private final RateLimitedWarning failureWarning = new RateLimitedWarning(log, Duration.ofSeconds(10));
    /** False from a refused send until the next acknowledged one: readiness reports it. */
    private final AtomicBoolean healthy = new AtomicBoolean(true);

    /** @param producer an idempotent producer (String keys, byte[] values); this publisher closes it */
    public DnsRecordPublisher(Producer<String, byte[]> producer, String topic, int maxInFlight, IngestMetrics metrics) {
        this.producer = producer;
        this.topic = topic;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        this.metrics = metrics;
    }

    /** Hands the record to the producer; blocks while {@code maxInFlight} records are unacknowledged. */
    public void publish(DnsRecord record) throws InterruptedException {
        inFlight.acquire();
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.write(record.cloudEvent(), headers);
        try {
            producer.send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers), (metadata, error) -> {
                inFlight.release();
                if (error == null) {
                    healthy.set(true);
                    metrics.recordPublished();
                } else {
                    failed(error);
                }
            });
        } catch (KafkaException e) {
            // Thrown before the record was queued (e.g. buffer still full after max.block.ms): no callback will come.
            inFlight.release();
            failed(e);
        }
    }

    private void failed(Exception error) {
        healthy.set(false);
        metrics.dropped(DropReason.PUBLISH_FAILED);
        failureWarning.warn("record not published to {} ({}): {}", topic, error.getClass().getSimpleName(), error.getMessage());
    }

    public int inFlight() {
        return maxInFlight - inFlight.availablePermits();
    }

    /** False after Kafka refused a record, until it acknowledges the next one. */
    public boolean healthy() {
        return healthy.get();
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
