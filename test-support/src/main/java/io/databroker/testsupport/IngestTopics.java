package io.databroker.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * An ingest test's own pair of topics on the shared broker (records + compacted cursor topic, with a per-test
 * suffix), the client settings to reach them, and read_committed reads of what was published.
 */
public final class IngestTopics {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaBroker broker;
    private final String suffix = "-" + UUID.randomUUID();
    private final String recordsTopic;
    private final String stateTopic;

    /** Creates {@code <records>-<uuid>} with {@code partitions} and a compacted {@code broker_ingest_state-<uuid>}. */
    public IngestTopics(KafkaBroker broker, String records, int partitions) {
        this.broker = broker;
        this.recordsTopic = records + suffix;
        this.stateTopic = "broker_ingest_state" + suffix;
        broker.createTopic(recordsTopic, partitions);
        broker.createTopic(stateTopic, 1, Map.of("cleanup.policy", "compact"));
    }

    public String recordsTopic() {
        return recordsTopic;
    }

    public String stateTopic() {
        return stateTopic;
    }

    /** {@code name} made unique to this test, e.g. for transactional ids. */
    public String unique(String name) {
        return name + suffix;
    }

    /** Producer settings (bootstrap only; the publisher under test adds what its guarantee needs). */
    public Map<String, Object> producerConfig() {
        return new HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    /** Consumer settings (bootstrap only). */
    public Map<String, Object> consumerConfig() {
        return new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    /**
     * The committed records once there are at least {@code count}: commit markers reach the partitions shortly after
     * {@code commitTransaction()} returns, so a read right after it may still stop short.
     */
    public List<ConsumerRecord<String, byte[]>> awaitCommitted(int count) {
        return Await.untilValue(TIMEOUT, count + " committed records on " + recordsTopic, this::readCommitted,
                records -> records.size() >= count);
    }

    /** Every committed record of the records topic, read to the last stable offset. */
    public List<ConsumerRecord<String, byte[]>> readCommitted() {
        Map<String, Object> config = consumerConfig();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (Consumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(recordsTopic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(recordsTopic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
