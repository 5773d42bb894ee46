package io.databroker.ingest.news.publish;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.ingest.news.feed.FeedCursor;
import io.databroker.shared.envelope.CloudEventHeaders;

/**
 * Publishes the new or changed items of one feed together with that feed's advanced cursor in one Kafka
 * transaction (ARCHITECTURE §4): either both become visible to read_committed consumers, or neither does, so a
 * crash can neither skip items nor move the cursor past unpublished ones.
 *
 * <p>On any failure the producer is closed and a fresh one is made for the next attempt: its
 * {@code initTransactions()} aborts whatever the old one left open, which is simpler and safer than telling
 * abortable from fatal transaction errors apart.
 */
public final class NewsRecordPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NewsRecordPublisher.class);

    private final Supplier<Producer<String, byte[]>> producerFactory;
    private final String itemTopic;
    private final String stateTopic;
    private Producer<String, byte[]> producer;

    /**
     * @param producerFactory makes a transactional, idempotent producer (String keys, byte[] values)
     */
    public NewsRecordPublisher(Supplier<Producer<String, byte[]>> producerFactory, String itemTopic, String stateTopic) {
        this.producerFactory = producerFactory;
        this.itemTopic = itemTopic;
        this.stateTopic = stateTopic;
    }

    /**
     * Creates the producer and initialises transactions, which fences a previous instance with the same
     * transactional id and aborts its open transaction. Call before reading cursors back, so that no transaction
     * of ours is left pending on {@code broker_ingest_state}.
     */
    public synchronized void start() {
        producer();
    }

    /** @throws PublishFailedException when the transaction did not commit */
    public synchronized void publish(List<NewsItem> items, FeedCursor cursor) {
        Producer<String, byte[]> p = producer();
        try {
            p.beginTransaction();
            for (NewsItem item : items) {
                RecordHeaders headers = new RecordHeaders();
                CloudEventHeaders.write(item.cloudEvent(), headers);
                p.send(new ProducerRecord<>(itemTopic, null, item.id(), item.toJson(), headers));
            }
            p.send(new ProducerRecord<>(stateTopic, cursor.key(), cursor.toJson()));
            p.commitTransaction();
        } catch (KafkaException e) {
            discardProducer();
            throw new PublishFailedException("transaction for " + items.size() + " items of " + cursor.feedUrl()
                    + " not committed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            Producer<String, byte[]> fresh = producerFactory.get();
            try {
                fresh.initTransactions();
            } catch (KafkaException e) {
                fresh.close(Duration.ZERO);
                throw new PublishFailedException("could not initialise the transactional producer: " + e.getMessage(), e);
            }
            producer = fresh;
        }
        return producer;
    }

    private void discardProducer() {
        try {
            producer.close(Duration.ZERO);
        } catch (KafkaException e) {
            log.debug("closing the failed producer failed too", e);
        }
        producer = null;
    }
}
