package io.databroker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerIT {

    @Test
    void readCommittedConsumerSeesOnlyCommittedTransactionalRecords() throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        String topic = "transactions-" + UUID.randomUUID();
        broker.createTopic(topic, 2);

        try (KafkaProducer<String, String> producer = transactionalProducer(broker)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k1", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k1", "committed"));
            producer.commitTransaction();
        }

        assertThat(readAll(broker, topic, 1)).containsExactly("k1=committed");
    }

    @Test
    void restartedBrokerKeepsTopicsAndRecords(@TempDir Path logDir) throws Exception {
        int port = FreePorts.one();
        String topic = "survives-restart";
        try (KafkaBroker broker = KafkaBroker.start(port, logDir)) {
            broker.createTopic(topic, 1);
            try (KafkaProducer<String, String> producer = transactionalProducer(broker)) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "before", "restart"));
                producer.commitTransaction();
            }
        }

        try (KafkaBroker restarted = KafkaBroker.start(port, logDir)) {
            assertThat(restarted.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            assertThat(readAll(restarted, topic, 1)).containsExactly("before=restart");
        }
    }

    private static KafkaProducer<String, String> transactionalProducer(KafkaBroker broker) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-" + UUID.randomUUID(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer());
    }

    private static List<String> readAll(KafkaBroker broker, String topic, int expected) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<String> seen = new ArrayList<>();
            Await.until(Duration.ofSeconds(30), expected + " record(s) on " + topic, () -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(record.key() + "=" + record.value());
                }
                return seen.size() >= expected;
            });
            // One more poll: anything beyond the expected records (e.g. the aborted one) would show up here.
            consumer.poll(Duration.ofMillis(500)).forEach(r -> seen.add(r.key() + "=" + r.value()));
            return seen;
        }
    }
}
