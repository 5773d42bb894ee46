package io.databroker.hot.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.databroker.hot.bulk.Backoff;
import io.databroker.hot.bulk.BulkDocumentWriter;
import io.databroker.hot.bulk.DocumentRejection;
import io.databroker.hot.bulk.ElasticsearchErrorClassifier;
import io.databroker.hot.bulk.RetryCause;
import io.databroker.hot.circuit.ClusterHealthProbe;
import io.databroker.hot.circuit.HotStoreCircuit;
import io.databroker.hot.config.HotWriterProperties;
import io.databroker.hot.index.DailyIndexRouter;
import io.databroker.hot.index.HotWindow;
import io.databroker.shared.deadletter.DeadLetterPublisher;
import io.databroker.shared.deadletter.RecordRejectedException;
import io.databroker.shared.kafka.KafkaAuthentication;
import io.databroker.shared.topic.Source;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

/**
 * The consumer loop. Records are handed to the {@link BulkDocumentWriter} as they are polled; bulk requests complete
 * on the ingester's threads, out of order, and acknowledge their records in {@link AcknowledgedOffsets}. Every
 * {@code commit-interval} the loop commits, per partition, the offset below which every record is acknowledged
 * (stored, dead-lettered or skipped): at-least-once delivery, and with ids and indices taken from the document
 * alone, an exactly-once store.
 *
 * <p>Transient failures come back through a {@link RetryQueue} with exponential backoff and jitter. While the
 * {@link HotStoreCircuit} is not closed, or too many documents wait for a re-send, the assigned partitions are
 * paused but the loop keeps polling, so the consumer stays in its group however long Elasticsearch is away.
 */
public final class IndexingLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(IndexingLoop.class);

    /** Consumer group of the hot store, unless {@code spring.kafka.consumer.group-id} says otherwise. */
    public static final String DEFAULT_GROUP_ID = "hot-writer";

    /**
     * Largest fetch response (the consumer reads each into one heap buffer). Kafka's defaults (1 MB per partition,
     * 50 MB per response) make a catching-up consumer allocate buffers of several MB per fetch: G1 "humongous"
     * objects, whose stream starts old-generation collections. Below half of G1's smallest region (1 MB) they are
     * ordinary young objects; at ~400 documents per response, fetches are still far from limiting the rate.
     */
    static final int FETCH_MAX_BYTES = 448 * 1024;

    /** How often the loop looks at retries, dead letters and the circuit while it waits for records. */
    private static final Duration BUSY_POLL = Duration.ofMillis(100);

    private final Consumer<byte[], byte[]> consumer;
    private final Map<String, Source> topics;
    private final RecordAdmission admission;
    private final BulkDocumentWriter<PendingDocument> writer;
    private final DeadLetters deadLetters;
    private final RetryQueue retries;
    private final AcknowledgedOffsets offsets = new AcknowledgedOffsets();
    private final HotStoreCircuit circuit;
    private final HotStoreCircuit.Probe probe;
    private final HotWriterMetrics metrics;
    private final MeterRegistry registry;
    private final Duration pollTimeout;
    private final Duration commitInterval;
    private final int retryBacklogLimit;
    private final Clock clock;
    private volatile boolean stopped;
    private boolean paused;
    private Instant nextCommit;

    private IndexingLoop(HotWriterProperties.Hot settings, Map<String, Source> topics,
                         Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> deadLetterProducer,
                         ElasticsearchClient client, HotStoreCircuit circuit, MeterRegistry registry, Clock clock) {
        this.consumer = consumer;
        this.topics = Map.copyOf(topics);
        this.admission = new RecordAdmission(new DailyIndexRouter(settings.indexPrefix()),
                new HotWindow(settings.retention(), clock), settings.bulk().maxDocumentBytes().toBytes());
        this.retries = new RetryQueue();
        this.metrics = new HotWriterMetrics(registry);
        this.deadLetters = new DeadLetters(
                new DeadLetterPublisher(deadLetterProducer, DeadLetters.PARSE_STAGE),
                new DeadLetterPublisher(deadLetterProducer, DeadLetters.BULK_STAGE), metrics);
        this.circuit = circuit;
        this.probe = new ClusterHealthProbe(client);
        this.registry = registry;
        this.clock = clock;
        this.pollTimeout = settings.pollTimeout();
        this.commitInterval = settings.commitInterval();
        HotWriterProperties.Bulk bulk = settings.bulk();
        // Past this many documents waiting for a re-send (429s, 5xx), stop reading more until they are stored.
        this.retryBacklogLimit = bulk.maxOperations() * (bulk.maxConcurrentRequests() + 1);
        Backoff backoff = new Backoff(bulk.initialBackoff(), bulk.maxBackoff(), Math::random);
        this.writer = new BulkDocumentWriter<>(client, bulk, new ElasticsearchErrorClassifier(), circuit,
                new Outcomes(backoff), registry);
        this.nextCommit = clock.instant();
    }

    /**
     * The hot writer assembled from its settings.
     *
     * @param topics             topic name → the source whose canonical documents it carries (production:
     *                           {@code <source>_enriched}; tests use unique names)
     * @param consumerProperties Kafka consumer settings (bootstrap servers, security, group id); see
     *                           {@link #consumerProperties(Map)} for what is forced
     * @param deadLetterProducer sends to {@code dead-letter-queue}; not closed by the loop
     * @param circuit            shared with readiness
     */
    public static IndexingLoop create(HotWriterProperties.Hot settings, Map<String, Source> topics,
                                      Map<String, Object> consumerProperties,
                                      Producer<byte[], byte[]> deadLetterProducer, ElasticsearchClient client,
                                      HotStoreCircuit circuit, MeterRegistry registry, Clock clock) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(consumerProperties),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        return new IndexingLoop(settings, topics, consumer, deadLetterProducer, client, circuit, registry, clock);
    }

    /**
     * The consumer settings the delivery guarantee depends on, forced over {@code base}: no auto-commit (we commit
     * what is acknowledged) and read_committed (never index records of aborted transactions). Fetch responses are
     * kept under {@link #FETCH_MAX_BYTES} unless {@code base} says otherwise.
     */
    public static Map<String, Object> consumerProperties(Map<String, Object> base) {
        Map<String, Object> properties = new HashMap<>(base);
        properties.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, DEFAULT_GROUP_ID);
        properties.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_MAX_BYTES);
        properties.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, FETCH_MAX_BYTES);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return properties;
    }

    @Override
    public void run() {
        try (KafkaClientMetrics clientMetrics = new KafkaClientMetrics(consumer)) {
            clientMetrics.bindTo(registry);
            consumer.subscribe(topics.keySet(), new Rebalance());
            log.info("indexing {} into Elasticsearch", topics.keySet());
            while (!stopped) {
                iterate();
            }
        } catch (WakeupException e) {
            if (!stopped) {
                throw e;
            }
        } finally {
            shutdown();
        }
    }

    /** Ends the loop: wakes a blocked poll; the loop then drains what is in flight and commits it. Thread-safe. */
    public void stop() {
        stopped = true;
        consumer.wakeup();
    }

    private void iterate() {
        circuit.probeIfDue(probe);
        boolean flowing = circuit.isClosed();
        if (flowing) {
            for (PendingDocument document : retries.due()) {
                if (!document.offsets().isDetached()) {
                    writer.submit(document.action(), document);
                }
            }
        }
        deadLetters.settle();
        pauseUnless(flowing && retries.size() < retryBacklogLimit);

        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(nextPollTimeout());
        } catch (AuthenticationException e) {
            // Not a reason to die (and be restarted into the same rejection): readiness says why, the loop waits.
            KafkaAuthentication.pauseAfterRejection(log, "indexing", e);
            return;
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
            accept(record);
        }
        offsets.readUpTo(consumer::position);
        // A partly filled request is sent by the ingester's flush interval: flushing on every empty poll would
        // send small requests whenever the fetch pipeline hiccups under load.
        commitIfDue();
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) {
        Source source = topics.get(record.topic());
        if (source == null) {
            throw new IllegalStateException("received a record from unsubscribed topic " + record.topic());
        }
        PartitionOffsets partition = offsets.of(new TopicPartition(record.topic(), record.partition()));
        partition.received(record.offset());
        try {
            Admission admitted = admission.admit(source, record.value());
            if (admitted instanceof Admission.Index index) {
                writer.submit(index.action(),
                        new PendingDocument(record, source, partition, index.action(), index.eventTime(), 0));
            } else if (admitted instanceof Admission.Skip skip) {
                metrics.skipped(source, skip.reason());
                partition.acknowledged(record.offset());
            }
        } catch (RecordRejectedException e) {
            deadLetters.send(record, source, partition, e, DeadLetters.PARSE_STAGE, e.getMessage());
        }
    }

    /** Short while there is work in flight (so acknowledgements are committed soon), the configured one when idle. */
    private Duration nextPollTimeout() {
        Duration timeout = pollTimeout;
        if (offsets.pending() > 0 || deadLetters.inFlight() > 0) {
            timeout = BUSY_POLL.compareTo(timeout) < 0 ? BUSY_POLL : timeout;
        }
        Duration untilRetry = retries.untilNext();
        if (untilRetry != null && untilRetry.compareTo(timeout) < 0) {
            timeout = untilRetry;
        }
        return timeout;
    }

    private void pauseUnless(boolean flowing) {
        if (!flowing) {
            // Also pauses partitions assigned since the last call; polling continues, so the group keeps us.
            consumer.pause(consumer.assignment());
            if (!paused) {
                log.info("consumption paused: Elasticsearch circuit {}, {} documents waiting for a re-send",
                        circuit.state(), retries.size());
                paused = true;
            }
        } else if (paused) {
            consumer.resume(consumer.paused());
            paused = false;
            log.info("consumption resumed");
        }
    }

    private void commitIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextCommit)) {
            return;
        }
        nextCommit = now.plus(commitInterval);
        Map<TopicPartition, OffsetAndMetadata> progress = offsets.progress();
        if (progress.isEmpty()) {
            return;
        }
        offsets.committed(progress);
        consumer.commitAsync(progress, (committed, failure) -> {
            if (failure != null) {
                // A later commit covers these positions; until then a restart would redeliver (and overwrite) them.
                log.warn("commit of {} failed ({}); it is retried with the next commit", describe(progress),
                        failure.getClass().getSimpleName());
                offsets.commitFailed(progress);
            }
        });
        log.info("committed {} ({} since the previous commit)", describe(progress), metrics.sinceLastCommit());
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> progress, String when) {
        if (progress.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(progress);
            offsets.committed(progress);
            log.info("committed {} {} ({} since the previous commit)", describe(progress), when,
                    metrics.sinceLastCommit());
        } catch (KafkaException e) {
            // The group moved on: the next owner re-reads from the last commit and overwrites the same ids.
            log.warn("could not commit {} {} ({}); those records will be redelivered", describe(progress), when,
                    e.getClass().getSimpleName());
        }
    }

    /** Sends what is buffered, waits for requests in flight and dead letters, commits what they acknowledged. */
    private void shutdown() {
        try {
            writer.close();
            deadLetters.flush();
            commitSync(offsets.progress(), "at shutdown");
            int waiting = retries.size() + offsets.pending();
            if (waiting > 0) {
                log.info("{} records not acknowledged at shutdown; they are redelivered after the restart", waiting);
            }
        } finally {
            consumer.close();
            log.info("stopped indexing {}", topics.keySet());
        }
    }

    private static String describe(Map<TopicPartition, OffsetAndMetadata> offsets) {
        return offsets.entrySet().stream()
                .map(e -> e.getKey().topic() + "-" + e.getKey().partition() + ":" + e.getValue().offset())
                .collect(Collectors.joining(","));
    }

    /** Bulk outcomes, on the ingester's threads. */
    private final class Outcomes implements BulkDocumentWriter.Outcomes<PendingDocument> {

        private final Backoff backoff;

        Outcomes(Backoff backoff) {
            this.backoff = backoff;
        }

        @Override
        public void stored(PendingDocument document, String index) {
            Instant eventTime = document.eventTime();
            metrics.indexed(document.source(), index,
                    eventTime == null ? null : Duration.between(eventTime, clock.instant()));
            document.acknowledge();
        }

        @Override
        public void rejected(PendingDocument document, DocumentRejection rejection) {
            deadLetters.send(document.record(), document.source(), document.offsets(), rejection.toException(),
                    DeadLetters.BULK_STAGE, rejection.errorType() + " (status " + rejection.status() + ")");
        }

        @Override
        public void failed(PendingDocument document, RetryCause cause, String description) {
            if (document.offsets().isDetached()) {
                return;
            }
            metrics.retried(cause, 1);
            PendingDocument next = document.retried();
            retries.add(next, backoff.delay(next.attempt()));
        }
    }

    /** Keeps {@link AcknowledgedOffsets} in step with the assignment; commits what is acknowledged before giving up a partition. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            partitions.forEach(offsets::assigned);
            if (!partitions.isEmpty()) {
                log.info("assigned {}", partitions);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            // Documents of these partitions still in flight are not waited for: the next owner re-reads them from
            // this commit and overwrites the same ids.
            commitSync(offsets.progress(partitions), "on revocation");
            offsets.revoked(partitions);
            log.info("revoked {}", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            offsets.revoked(partitions);
            log.warn("lost {} (their uncommitted records are redelivered to the next owner)", partitions);
        }
    }
}
