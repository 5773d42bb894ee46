package io.databroker.ingest.github;

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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.core.state.IngestStateReader;
import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.KafkaBroker;

/** Per-test topics on the shared real broker, and read_committed views of them. */
public final class TestKafka {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaBroker broker = KafkaBroker.shared();
    private final String suffix = "-" + UUID.randomUUID();
    private final String eventsTopic = "github_events" + suffix;
    private final String stateTopic = "broker_ingest_state" + suffix;

    public TestKafka() {
        broker.createTopic(eventsTopic, 4);
        broker.createTopic(stateTopic, 1, Map.of("cleanup.policy", "compact"));
    }

    public String eventsTopic() {
        return eventsTopic;
    }

    public String stateTopic() {
        return stateTopic;
    }

    /** A publisher whose producers share one transactional id per test, like one service instance and its restarts. */
    public TransactionalPublisher publisher(String mode) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "ingest-github-it-" + mode + suffix);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new TransactionalPublisher(() -> new KafkaProducer<>(config), stateTopic);
    }

    public IngestStateReader stateReader() {
        return new IngestStateReader(this::consumer, stateTopic, TIMEOUT);
    }

    /** The latest committed cursor under {@code key}, or null. */
    public byte[] cursor(String key) {
        return stateReader().readLatest(key).get(key);
    }

    /**
     * The committed records of the events topic once there are at least {@code count}: commit markers reach the
     * partitions shortly after {@code commitTransaction()} returns, so a read right after it may still stop short.
     */
    public List<ConsumerRecord<String, byte[]>> awaitCommitted(int count) {
        return Await.untilValue(TIMEOUT, count + " committed records on " + eventsTopic, this::readCommitted,
                records -> records.size() >= count);
    }

    /** The {@code ce_id}s of the committed records once there are at least {@code count}. */
    public List<String> awaitCommittedIds(int count) {
        return awaitCommitted(count).stream().map(r -> CloudEventHeaders.text(r.headers(), CloudEventHeaders.ID)).toList();
    }

    /** Every committed record of the events topic, read to the last stable offset. */
    public List<ConsumerRecord<String, byte[]>> readCommitted() {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (Consumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(eventsTopic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(eventsTopic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private Consumer<String, byte[]> consumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(config);
    }
}
