package io.databroker.cold.consume;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

import io.databroker.cold.delta.CommitSummary;
import io.databroker.shared.deadletter.DeadLetterPublisher;
import io.databroker.shared.deadletter.RecordRejectedException;
import io.databroker.shared.kafka.KafkaAuthentication;
import io.databroker.shared.topic.Topics;

/**
 * The consume → buffer → commit loop over the enriched topics. One thread runs {@link #run()} until {@link #stop()}.
 *
 * <p>Exactly-once (ARCHITECTURE §4): positions come from the Delta log only (see {@link TableSink}); a dead letter is
 * acknowledged by Kafka before any commit covers its offset; Kafka's committed offsets are written after each Delta
 * commit purely so that consumer-lag monitoring works.
 */
public final class ColdWriterLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ColdWriterLoop.class);

    /** {@code broker.errors.stage} of this service's dead letters. */
    public static final String DEAD_LETTER_STAGE = "cold-writer/coerce";

    private final Map<String, Object> consumerProperties;
    private final Map<String, Object> producerProperties;
    private final Map<String, TableSink> sinks = new LinkedHashMap<>();
    private final Duration pollTimeout;
    private final long maxBufferedBytes;
    private final ColdWriterMetrics metrics;
    private final MeterRegistry registry;
    private final Clock clock;

    private final List<Future<RecordMetadata>> pendingDeadLetters = new ArrayList<>();
    private volatile boolean running = true;
    private volatile Consumer<byte[], byte[]> consumer;
    private volatile List<SinkStatus> status = List.of();
    /** The consumer-lag offsets last reported per partition by {@link #reportIdlePositions}. */
    private final Map<TopicPartition, Long> reportedPositions = new HashMap<>();

    /** A loop whose buffers are bounded per table only (each sink's {@link io.databroker.cold.buffer.FlushPolicy}). */
    public ColdWriterLoop(Map<String, Object> consumerProperties, Map<String, Object> producerProperties,
                          List<TableSink> sinks, Duration pollTimeout, ColdWriterMetrics metrics,
                          MeterRegistry registry, Clock clock) {
        this(consumerProperties, producerProperties, sinks, pollTimeout, Long.MAX_VALUE, metrics, registry, clock);
    }

    /**
     * @param consumerProperties Kafka consumer settings (bootstrap, security, group id…); the settings exactly-once
     *                           depends on are overridden here
     * @param producerProperties Kafka producer settings for the dead-letter producer
     * @param maxBufferedBytes   record bytes all tables' buffers may hold together: at this total the fullest
     *                           table commits, so memory is bounded whatever the number of busy tables
     */
    public ColdWriterLoop(Map<String, Object> consumerProperties, Map<String, Object> producerProperties,
                          List<TableSink> sinks, Duration pollTimeout, long maxBufferedBytes, ColdWriterMetrics metrics,
                          MeterRegistry registry, Clock clock) {
        if (maxBufferedBytes < 1) {
            throw new IllegalArgumentException("maxBufferedBytes must be >= 1");
        }
        this.maxBufferedBytes = maxBufferedBytes;
        this.consumerProperties = consumerSettings(consumerProperties);
        this.producerProperties = producerSettings(producerProperties);
        sinks.forEach(sink -> this.sinks.put(sink.topic(), sink));
        if (this.sinks.isEmpty()) {
            throw new IllegalArgumentException("no table to write: configure at least one source");
        }
        this.pollTimeout = Objects.requireNonNull(pollTimeout, "pollTimeout");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        publishStatus();
    }

    /** Settings the exactly-once design depends on, whatever the configuration says. */
    static Map<String, Object> consumerSettings(Map<String, Object> configured) {
        Map<String, Object> settings = new HashMap<>(configured);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // the enriched topics are written by a transactional Streams app: never store aborted records
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // only used when a stored position is no longer retained in Kafka: take what is left rather than skip to the end
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return settings;
    }

    static Map<String, Object> producerSettings(Map<String, Object> configured) {
        Map<String, Object> settings = new HashMap<>(configured);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Dead letters only: an enriched record near its topic's 1 MiB limit plus the error headers.
        settings.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.DEAD_LETTER_MAX_MESSAGE_BYTES);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return settings;
    }

    /** The topics consumed, one per table. */
    public List<String> topics() {
        return List.copyOf(sinks.keySet());
    }

    /** Each table's health, as of the end of the last loop iteration. Safe to call from any thread. */
    public List<SinkStatus> status() {
        return status;
    }

    @Override
    public void run() {
        try (KafkaConsumer<byte[], byte[]> kafkaConsumer = new KafkaConsumer<>(consumerProperties);
             Producer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties);
             KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(kafkaConsumer);
             KafkaClientMetrics producerMetrics = new KafkaClientMetrics(producer)) {
            consumerMetrics.bindTo(registry);
            producerMetrics.bindTo(registry);
            consumer = kafkaConsumer;
            DeadLetterPublisher deadLetters = new DeadLetterPublisher(producer, DEAD_LETTER_STAGE);
            kafkaConsumer.subscribe(sinks.keySet(), new PartitionAssignmentListener(kafkaConsumer, sinks));
            log.info("consuming {} into Delta tables", sinks.keySet());
            try {
                while (running) {
                    step(kafkaConsumer, deadLetters);
                }
            } catch (WakeupException e) {
                if (running) {
                    throw e;
                }
            }
            flushOnShutdown(kafkaConsumer);
        } finally {
            consumer = null;
        }
    }

    /** Ends {@link #run()}: the current poll returns, buffers are committed, clients closed. */
    public void stop() {
        running = false;
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    private void step(Consumer<byte[], byte[]> kafkaConsumer, DeadLetterPublisher deadLetters) {
        for (TableSink sink : sinks.values()) {
            if (sink.resumeDue(clock.instant())) {
                resume(kafkaConsumer, sink);
            }
        }
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = kafkaConsumer.poll(pollTimeout);
        } catch (AuthenticationException e) {
            // Not a reason to die (and be restarted into the same rejection): readiness says why, the loop waits.
            KafkaAuthentication.pauseAfterRejection(log, "consuming into Delta", e);
            return;
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
            accept(record, deadLetters);
        }
        for (TableSink sink : sinks.values()) {
            if (sink.flushDue(clock.instant())) {
                flush(kafkaConsumer, sink);
            }
        }
        fullestOverBudget(sinks.values(), maxBufferedBytes).ifPresent(sink -> flush(kafkaConsumer, sink));
        reportIdlePositions(kafkaConsumer);
        publishStatus();
    }

    /**
     * Consumer-lag offsets for tables with nothing buffered: all they read is in Delta (or dead-lettered), so the
     * group's offset may move to the consumer's position, which lies past the transaction markers the enriched topics
     * end with. Offsets of a flush alone ({@code last offset + 1}) stop short of them, and the lag would never reach
     * 0 (seen in ChaosIT: one per partition). Paused partitions (unassigned yet or recovering) are left alone.
     */
    private void reportIdlePositions(Consumer<byte[], byte[]> kafkaConsumer) {
        Collection<TopicPartition> paused = kafkaConsumer.paused();
        Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
        for (TopicPartition partition : kafkaConsumer.assignment()) {
            TableSink sink = sinks.get(partition.topic());
            if (sink == null || sink.bufferedBytes() > 0 || paused.contains(partition)) {
                continue;
            }
            long position = kafkaConsumer.position(partition);
            if (!Objects.equals(reportedPositions.put(partition, position), position)) {
                positions.put(partition, new OffsetAndMetadata(position));
            }
        }
        reportedPositions.keySet().retainAll(kafkaConsumer.assignment());
        if (!positions.isEmpty()) {
            reportLagOffsets(kafkaConsumer, positions);
        }
    }

    /**
     * The sink with the most buffered bytes, if all sinks together hold {@code maxBufferedBytes} or more. One commit
     * per loop step is enough: a poll adds at most {@code max.poll.records} records before the next check.
     */
    static Optional<TableSink> fullestOverBudget(Collection<TableSink> sinks, long maxBufferedBytes) {
        long total = 0;
        TableSink fullest = null;
        for (TableSink sink : sinks) {
            total += sink.bufferedBytes();
            if (fullest == null || sink.bufferedBytes() > fullest.bufferedBytes()) {
                fullest = sink;
            }
        }
        return total >= maxBufferedBytes && total > 0 ? Optional.of(fullest) : Optional.empty();
    }

    private void resume(Consumer<byte[], byte[]> kafkaConsumer, TableSink sink) {
        List<ResumePoint> points;
        try {
            points = sink.resume();
        } catch (RuntimeException e) {
            recover(kafkaConsumer, sink, e);
            return;
        }
        List<TopicPartition> resumed = new ArrayList<>();
        for (ResumePoint point : points) {
            TopicPartition tp = new TopicPartition(sink.topic(), point.partition());
            if (point.nextOffset() >= 0) {
                kafkaConsumer.seek(tp, point.nextOffset());
            } else {
                kafkaConsumer.seekToBeginning(List.of(tp));
            }
            resumed.add(tp);
        }
        kafkaConsumer.resume(resumed);
    }

    private void accept(ConsumerRecord<byte[], byte[]> record, DeadLetterPublisher deadLetters) {
        TableSink sink = sinks.get(record.topic());
        Instant now = clock.instant();
        try {
            sink.accept(record.partition(), record.offset(), record.value(), now);
        } catch (RecordRejectedException e) {
            pendingDeadLetters.add(deadLetters.publish(record, e));
            sink.skip(record.partition(), record.offset(), now);
            metrics.rejected(sink.source(), e.reason());
            log.atWarn().addKeyValue("topic", record.topic()).addKeyValue("partition", record.partition())
                    .addKeyValue("offset", record.offset()).addKeyValue("reason", e.reason().tag())
                    .log("dead-lettered {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    private void flush(Consumer<byte[], byte[]> kafkaConsumer, TableSink sink) {
        try {
            awaitDeadLetters();
        } catch (DeadLetterNotStoredException e) {
            // which table's records the lost dead letter belonged to is not tracked: all of them are read again
            sinks.values().forEach(s -> recover(kafkaConsumer, s, e));
            return;
        }
        CommitSummary summary;
        try {
            summary = sink.flush();
        } catch (RuntimeException e) {
            recover(kafkaConsumer, sink, e);
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
        summary.lastOffsets().forEach((partition, offset) ->
                positions.put(new TopicPartition(sink.topic(), partition), new OffsetAndMetadata(offset + 1)));
        reportLagOffsets(kafkaConsumer, positions);
    }

    /** Kafka's committed offsets are only for lag monitoring here (positions come from Delta): best effort. */
    private static void reportLagOffsets(Consumer<byte[], byte[]> kafkaConsumer, Map<TopicPartition, OffsetAndMetadata> positions) {
        kafkaConsumer.commitAsync(positions, (offsets, error) -> {
            if (error != null) {
                log.debug("could not record consumer-lag offsets {}: {}", offsets, error.toString());
            }
        });
    }

    /** Blocks until Kafka acknowledged every dead letter sent so far. */
    private void awaitDeadLetters() {
        try {
            for (Future<RecordMetadata> pending : pendingDeadLetters) {
                pending.get();
            }
        } catch (ExecutionException e) {
            throw new DeadLetterNotStoredException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterNotStoredException(e);
        } finally {
            pendingDeadLetters.clear();
        }
    }

    /** After a failed log read or commit: pause the sink's partitions until it has re-read the log. */
    private void recover(Consumer<byte[], byte[]> kafkaConsumer, TableSink sink, RuntimeException failure) {
        StoreFailure kind = sink.failed(failure, clock.instant());
        kafkaConsumer.pause(sink.unsynced().stream().map(p -> new TopicPartition(sink.topic(), p)).toList());
        if (kind == StoreFailure.BUG) {
            throw failure;
        }
    }

    /** Commits what is buffered before the clients close; a failure here only means those records are read again. */
    private void flushOnShutdown(Consumer<byte[], byte[]> kafkaConsumer) {
        for (TableSink sink : sinks.values()) {
            if (sink.hasBuffered()) {
                flush(kafkaConsumer, sink);
            }
        }
        publishStatus();
    }

    private void publishStatus() {
        status = sinks.values().stream().map(TableSink::status).toList();
    }
}
