package io.databroker.ingest.core.publish;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a poll's records together with the source cursor that covers them in one Kafka transaction
 * (ARCHITECTURE §4): read_committed consumers see both or neither, so a crash can neither skip records nor move
 * the cursor past unpublished ones, and a restart resumes exactly where the last committed transaction ended.
 *
 * <p>Records can be sent while the page is still being parsed ({@link #begin()}), so memory stays flat; a
 * transaction closed without {@link Transaction#commit} is aborted. On any Kafka failure the producer is closed
 * and the next transaction makes a fresh one: its {@code initTransactions()} aborts whatever the old one left
 * open, which is simpler and safer than telling abortable from fatal transaction errors apart.
 *
 * <p>One transaction at a time; meant for the single polling thread of a source.
 */
public final class TransactionalPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TransactionalPublisher.class);

    private final Supplier<Producer<String, byte[]>> producerFactory;
    private final String stateTopic;
    private Producer<String, byte[]> producer;

    /**
     * @param producerFactory makes a transactional, idempotent producer (String keys, byte[] values)
     * @param stateTopic      the cursor topic, {@code broker_ingest_state}
     */
    public TransactionalPublisher(Supplier<Producer<String, byte[]>> producerFactory, String stateTopic) {
        this.producerFactory = producerFactory;
        this.stateTopic = stateTopic;
    }

    /**
     * A publisher whose producers are built from {@code producerConfig} (e.g. {@code spring.kafka.producer.*}) with
     * what the guarantee needs forced on top: {@link #transactionalProducerConfig}.
     */
    public static TransactionalPublisher forKafka(Map<String, Object> producerConfig, String transactionalId,
                                                  String stateTopic) {
        Map<String, Object> config = transactionalProducerConfig(producerConfig, transactionalId);
        return new TransactionalPublisher(() -> new KafkaProducer<>(config), stateTopic);
    }

    /**
     * {@code base} plus the settings a publisher relies on, which always win: the transactional id, idempotence,
     * {@code acks=all}, String keys and byte[] values. Other settings of {@code base} (batching, timeouts) are kept.
     */
    public static Map<String, Object> transactionalProducerConfig(Map<String, Object> base, String transactionalId) {
        Map<String, Object> config = new HashMap<>(base);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /**
     * Creates the producer and initialises transactions, which fences an earlier instance with the same
     * transactional id and aborts its open transaction. Call before reading cursors back, so that no transaction
     * of ours is left pending on the cursor topic.
     */
    public synchronized void start() {
        producer();
    }

    /** Begins a transaction; send records into it, then commit it with the cursor, or close it to abort. */
    public synchronized Transaction begin() {
        Producer<String, byte[]> p = producer();
        try {
            p.beginTransaction();
        } catch (KafkaException e) {
            discardProducer();
            throw new PublishFailedException("could not begin a transaction: " + e.getMessage(), e);
        }
        return new Transaction(p);
    }

    /** Publishes {@code records} and the cursor in one transaction. */
    public void publish(List<ProducerRecord<String, byte[]>> records, String cursorKey, byte[] cursorValue) {
        try (Transaction transaction = begin()) {
            records.forEach(transaction::send);
            transaction.commit(cursorKey, cursorValue);
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

    private synchronized void discard(Producer<String, byte[]> failed) {
        if (producer == failed) {
            discardProducer();
        }
    }

    private void discardProducer() {
        try {
            producer.close(Duration.ZERO);
        } catch (KafkaException e) {
            log.debug("closing the failed producer failed too", e);
        }
        producer = null;
    }

    /** One open transaction. Not thread-safe. */
    public final class Transaction implements AutoCloseable {

        private final Producer<String, byte[]> producer;
        private int sent;
        private boolean finished;

        private Transaction(Producer<String, byte[]> producer) {
            this.producer = producer;
        }

        /** Sends a record inside the transaction; failures surface here or at {@link #commit}. */
        public void send(ProducerRecord<String, byte[]> record) {
            requireOpen();
            try {
                producer.send(record);
                sent++;
            } catch (KafkaException e) {
                fail();
                throw new PublishFailedException("could not send to " + record.topic() + ": " + e.getMessage(), e);
            }
        }

        /** Records sent so far. */
        public int sent() {
            return sent;
        }

        /** Adds the cursor record and commits; afterwards both are visible to read_committed consumers. */
        public void commit(String cursorKey, byte[] cursorValue) {
            requireOpen();
            try {
                producer.send(new ProducerRecord<>(stateTopic, cursorKey, cursorValue));
                producer.commitTransaction();
                finished = true;
            } catch (KafkaException e) {
                fail();
                throw new PublishFailedException("transaction of " + sent + " records with cursor " + cursorKey
                        + " not committed: " + e.getMessage(), e);
            }
        }

        /** Aborts the transaction unless it was committed. */
        @Override
        public void close() {
            if (finished) {
                return;
            }
            finished = true;
            try {
                producer.abortTransaction();
            } catch (KafkaException e) {
                log.debug("abort failed; the next producer's initTransactions() aborts instead", e);
                discard(producer);
            }
        }

        private void fail() {
            finished = true;
            discard(producer);
        }

        private void requireOpen() {
            if (finished) {
                throw new IllegalStateException("transaction already finished");
            }
        }
    }
}
