package io.databroker.ingest.core.state;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the latest committed cursors of one source from the compacted {@code broker_ingest_state} topic, from the
 * beginning to its end. The consumer must use {@code isolation.level=read_committed}: a cursor of an aborted
 * transaction never counts, and the end offsets it sees are the last stable offsets. Cursors stay bytes here;
 * each source parses its own JSON.
 */
public final class IngestStateReader {

    private static final Logger log = LoggerFactory.getLogger(IngestStateReader.class);

    private final Supplier<Consumer<String, byte[]>> consumerFactory;
    private final String stateTopic;
    private final Duration timeout;

    /**
     * @param consumerFactory a read_committed consumer without a group (partitions are assigned, nothing committed)
     */
    public IngestStateReader(Supplier<Consumer<String, byte[]>> consumerFactory, String stateTopic, Duration timeout) {
        this.consumerFactory = consumerFactory;
        this.stateTopic = stateTopic;
        this.timeout = timeout;
    }

    /**
     * A reader whose consumers are built from {@code consumerConfig} (e.g. {@code spring.kafka.consumer.*}) with what
     * it relies on forced: read_committed, no group and no commits, String keys and byte[] values.
     */
    public static IngestStateReader forKafka(Map<String, Object> consumerConfig, String stateTopic, Duration timeout) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new IngestStateReader(() -> new KafkaConsumer<>(config), stateTopic, timeout);
    }

    /** The latest value per key, for the keys starting with {@code keyPrefix}; a tombstone removes its key. */
    public Map<String, byte[]> readLatest(String keyPrefix) {
        Map<String, byte[]> latest = new HashMap<>();
        try (Consumer<String, byte[]> consumer = consumerFactory.get()) {
            List<PartitionInfo> infos = consumer.partitionsFor(stateTopic, timeout);
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Instant deadline = Instant.now().plus(timeout);
            while (!reachedEnd(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + stateTopic + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String key = record.key();
                    if (key == null || !key.startsWith(keyPrefix)) {
                        continue; // another source's cursor
                    }
                    if (record.value() == null) {
                        latest.remove(key); // tombstone: the cursor was reset on purpose
                    } else {
                        latest.put(key, record.value());
                    }
                }
            }
        }
        log.info("read {} cursor(s) with prefix '{}' from {}", latest.size(), keyPrefix, stateTopic);
        return latest;
    }

    private static boolean reachedEnd(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
