package io.databroker.hot.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.databroker.hot.bulk.Backoff;
import io.databroker.hot.bulk.BulkDocumentWriter;
import io.databroker.hot.bulk.ElasticsearchErrorClassifier;
import io.databroker.hot.bulk.StopSignal;
import io.databroker.hot.bulk.WriteAbortedException;
import io.databroker.hot.config.HotWriterProperties;
import io.databroker.hot.index.DailyIndexRouter;
import io.databroker.hot.index.HotWindow;
import io.databroker.shared.deadletter.DeadLetterPublisher;
import io.databroker.shared.topic.Source;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

/**
 * The consumer loop: poll a batch, index it, then commit its offsets — only after every record of the batch is stored,
 * dead-lettered or counted as skipped (at-least-once; idempotent ids make the store exactly-once). A batch is fully
 * processed before the next poll, so a rebalance never finds records in flight and needs no revocation handling.
 */
public final class IndexingLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(IndexingLoop.class);

    /** Consumer group of the hot store, unless {@code spring.kafka.consumer.group-id} says otherwise. */
    public static final String DEFAULT_GROUP_ID = "hot-writer";

    private final Consumer<byte[], byte[]> consumer;
    private final Collection<String> topics;
    private final BatchIndexer indexer;
    private final Duration pollTimeout;
    private final Backoff backoff;
    private final StopSignal stop;
    private final MeterRegistry registry;

    /**
     * @param consumer built with {@link #consumerProperties(Map)}; owned (closed) by this loop
     * @param stop     shared with the bulk writer, so that {@link #stop()} also ends a retry wait
     */
    public IndexingLoop(Consumer<byte[], byte[]> consumer, Collection<String> topics, BatchIndexer indexer,
                        Duration pollTimeout, Backoff backoff, StopSignal stop, MeterRegistry registry) {
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.indexer = indexer;
        this.pollTimeout = pollTimeout;
        this.backoff = backoff;
        this.stop = stop;
        this.registry = registry;
    }

    /**
     * The hot writer assembled from its settings.
     *
     * @param topics             topic name → the source whose canonical documents it carries (production:
     *                           {@code <source>_enriched}; tests use unique names)
     * @param consumerProperties Kafka consumer settings (bootstrap servers, security, group id); see
     *                           {@link #consumerProperties(Map)} for what is forced
     * @param deadLetterProducer sends to {@code dead-letter-queue}; not closed by the loop
     */
    public static IndexingLoop create(HotWriterProperties.Hot settings, Map<String, Source> topics,
                                      Map<String, Object> consumerProperties,
                                      Producer<byte[], byte[]> deadLetterProducer, ElasticsearchClient client,
                                      MeterRegistry registry, Clock clock) {
        StopSignal stop = new StopSignal();
        Backoff backoff = new Backoff(settings.bulk().initialBackoff(), settings.bulk().maxBackoff(), Math::random);
        BulkDocumentWriter writer = new BulkDocumentWriter(client, settings.bulk().maxBytes().toBytes(),
                new ElasticsearchErrorClassifier(), backoff, stop, registry);
        BatchIndexer indexer = new BatchIndexer(topics, new DailyIndexRouter(settings.indexPrefix()),
                new HotWindow(settings.retention(), clock), writer,
                new DeadLetterPublisher(deadLetterProducer, BatchIndexer.PARSE_STAGE),
                new DeadLetterPublisher(deadLetterProducer, BatchIndexer.BULK_STAGE),
                new HotWriterMetrics(registry), clock);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(consumerProperties),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        return new IndexingLoop(consumer, topics.keySet(), indexer, settings.pollTimeout(), backoff, stop, registry);
    }

    /**
     * The consumer settings the delivery guarantee depends on, forced over {@code base}: no auto-commit (we commit
     * after the bulk succeeded) and read_committed (never index records of aborted transactions).
     */
    public static Map<String, Object> consumerProperties(Map<String, Object> base) {
        Map<String, Object> properties = new HashMap<>(base);
        properties.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, DEFAULT_GROUP_ID);
        properties.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return properties;
    }

    @Override
    public void run() {
        try (KafkaClientMetrics clientMetrics = new KafkaClientMetrics(consumer)) {
            clientMetrics.bindTo(registry);
            consumer.subscribe(topics, new AssignmentLogger());
            log.info("indexing {} into Elasticsearch", topics);
            while (!stop.isStopped()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
                if (!records.isEmpty()) {
                    process(records);
                }
            }
        } catch (WakeupException | WriteAbortedException e) {
            if (!stop.isStopped()) {
                throw e;
            }
        } finally {
            consumer.close();
            log.info("stopped indexing {}", topics);
        }
    }

    /** Ends the loop: wakes a blocked poll and a bulk retry wait. Thread-safe. */
    public void stop() {
        stop.stop();
        consumer.wakeup();
    }

    private void process(ConsumerRecords<byte[], byte[]> records) {
        for (int attempt = 1; ; attempt++) {
            try {
                BatchSummary summary = indexer.index(records);
                commit(records, summary);
                return;
            } catch (DeadLetterFailedException e) {
                // Nothing of the batch is acknowledged; its documents are re-sent, which is idempotent.
                Duration delay = backoff.delay(attempt);
                log.error("{}; processing the batch again in {} ms", e.getMessage(), delay.toMillis());
                if (!stop.pause(delay)) {
                    throw new WriteAbortedException("stopped while the dead-letter queue was unavailable");
                }
            }
        }
    }

    private void commit(ConsumerRecords<byte[], byte[]> records, BatchSummary summary) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new TreeMap<>(
                (a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic()));
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> partitionRecords = records.records(partition);
            long next = partitionRecords.get(partitionRecords.size() - 1).offset() + 1;
            offsets.put(partition, new OffsetAndMetadata(next));
        }
        try {
            consumer.commitSync(offsets);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // The group moved on (e.g. a long Elasticsearch outage outlived max.poll.interval.ms): another member
            // re-reads these records and overwrites the same ids. Nothing is lost.
            log.warn("batch of {} records stored but its offsets were not committed ({}); they will be redelivered",
                    records.count(), e.getClass().getSimpleName());
            return;
        }
        log.info("indexed {} of {} records (dead-lettered {}, skipped {} outside the hot window) in {} bulk requests, "
                        + "{} retries; committed {}", summary.indexed(), summary.records(), summary.deadLettered(),
                summary.skipped(), summary.requests(), summary.retries(), describe(offsets));
    }

    private static String describe(Map<TopicPartition, OffsetAndMetadata> offsets) {
        return offsets.entrySet().stream()
                .map(e -> e.getKey().topic() + "-" + e.getKey().partition() + ":" + e.getValue().offset())
                .collect(Collectors.joining(","));
    }

    /** Logs partition movements: the only rebalance handling a loop without in-flight records needs. */
    private static final class AssignmentLogger implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                log.info("assigned {}", partitions);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                log.info("revoked {}", partitions);
            }
        }
    }
}
