package io.databroker.ingest.core.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.databroker.ingest.core.state.IngestStateReader;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.KafkaBroker;

/** Records and cursor in one transaction, on a real broker, read back with read_committed. */
class TransactionalPublisherIT {

    private final KafkaBroker broker = KafkaBroker.shared();
    private final String suffix = "-" + UUID.randomUUID();
    private final String dataTopic = "data" + suffix;
    private final String stateTopic = "broker_ingest_state" + suffix;
    private final List<TransactionalPublisher> publishers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        broker.createTopic(dataTopic, 2);
        broker.createTopic(stateTopic, 1, Map.of("cleanup.policy", "compact"));
    }

    @AfterEach
    void tearDown() {
        publishers.forEach(TransactionalPublisher::close);
    }

    @Test
    void committedRecordsAndTheirCursorBecomeVisibleTogether() {
        TransactionalPublisher publisher = publisher("tx" + suffix);
        publisher.publish(List.of(record("a"), record("b")), "src:one", bytes("{\"page\":1}"));

        assertThat(awaitValues(dataTopic, 2)).containsExactlyInAnyOrder("a", "b");
        assertThat(awaitCursor("src:one", "{\"page\":1}")).containsOnlyKeys("src:one");
    }

    @Test
    void aTransactionClosedWithoutCommitLeavesNothingVisible() {
        TransactionalPublisher publisher = publisher("tx" + suffix);
        publisher.publish(List.of(record("kept")), "src:one", bytes("{\"page\":1}"));
        try (TransactionalPublisher.Transaction transaction = publisher.begin()) {
            transaction.send(record("aborted"));
            // the page turned out malformed: no commit
        }
        publisher.publish(List.of(record("after")), "src:one", bytes("{\"page\":2}"));

        assertThat(awaitValues(dataTopic, 2)).containsExactlyInAnyOrder("kept", "after");
        awaitCursor("src:one", "{\"page\":2}");
    }

    @Test
    void aNewInstanceFencesTheOldOneAndAbortsItsOpenTransaction() {
        TransactionalPublisher crashed = publisher("tx" + suffix);
        crashed.publish(List.of(record("page-1")), "src:one", bytes("{\"page\":1}"));
        TransactionalPublisher.Transaction open = crashed.begin();
        open.send(record("half-page-2"));
        // the process dies here, transaction open

        TransactionalPublisher restarted = publisher("tx" + suffix);
        restarted.start();

        assertThat(new String(stateReader().readLatest("src:").get("src:one"), StandardCharsets.UTF_8))
                .as("the open transaction's records are not visible after the fence").isEqualTo("{\"page\":1}");
        restarted.publish(List.of(record("page-2")), "src:one", bytes("{\"page\":2}"));
        assertThat(awaitValues(dataTopic, 2)).containsExactlyInAnyOrder("page-1", "page-2");
    }

    @Test
    void theStateReaderKeepsTheLatestCursorPerKeyOfItsOwnSourceOnly() {
        TransactionalPublisher publisher = publisher("tx" + suffix);
        publisher.publish(List.of(), "src:one", bytes("1"));
        publisher.publish(List.of(), "src:two", bytes("2"));
        publisher.publish(List.of(), "src:one", bytes("3"));
        publisher.publish(List.of(), "other:one", bytes("4"));
        publisher.publish(List.of(), "src:two", null); // tombstone: reset on purpose

        Map<String, byte[]> cursors = Await.untilValue(Duration.ofSeconds(30), "the last cursor committed",
                () -> stateReader().readLatest("src:"),
                c -> !c.containsKey("src:two") && c.containsKey("src:one") && "3".equals(new String(c.get("src:one"), StandardCharsets.UTF_8)));

        assertThat(cursors).containsOnlyKeys("src:one");
        assertThat(new String(cursors.get("src:one"), StandardCharsets.UTF_8)).isEqualTo("3");
    }

    private TransactionalPublisher publisher(String transactionalId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        TransactionalPublisher publisher = new TransactionalPublisher(() -> new KafkaProducer<>(config), stateTopic);
        publishers.add(publisher);
        return publisher;
    }

    private IngestStateReader stateReader() {
        return new IngestStateReader(this::readCommittedConsumer, stateTopic, Duration.ofSeconds(30));
    }

    private Consumer<String, byte[]> readCommittedConsumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(config);
    }

    /** The cursors once {@code key} holds {@code expected}: a commit's markers land shortly after commitTransaction(). */
    private Map<String, byte[]> awaitCursor(String key, String expected) {
        return Await.untilValue(Duration.ofSeconds(30), key + " = " + expected, () -> stateReader().readLatest("src:"),
                c -> c.containsKey(key) && expected.equals(new String(c.get(key), StandardCharsets.UTF_8)));
    }

    /** The committed values once there are {@code count}: commit markers land shortly after commitTransaction(). */
    private List<String> awaitValues(String topic, int count) {
        return Await.untilValue(Duration.ofSeconds(30), count + " committed values", () -> readValues(topic),
                values -> values.size() >= count);
    }

    /** Every committed value of {@code topic}, read to the last stable offset. */
    private List<String> readValues(String topic) {
        List<String> values = new ArrayList<>();
        try (Consumer<String, byte[]> consumer = readCommittedConsumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private ProducerRecord<String, byte[]> record(String value) {
        return new ProducerRecord<>(dataTopic, value, bytes(value));
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
