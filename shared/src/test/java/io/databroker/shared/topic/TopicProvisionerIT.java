package io.databroker.shared.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.databroker.testsupport.KafkaBroker;

class TopicProvisionerIT {

    private final KafkaBroker broker = KafkaBroker.shared();

    /** A service publishes right after start-up provisioning: no first send may meet a partition without a leader. */
    @Test
    void newTopicsAcceptIdempotentWritesToEveryPartitionAsSoonAsEnsureReturns() throws Exception {
        Topic first = new Topic("provisioned-" + UUID.randomUUID(), 32, Map.of());
        Topic second = Topic.compacted("provisioned-" + UUID.randomUUID(), 32);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, Optional.of((short) 1), 30_000);
            assertThat(provisioner.ensure(List.of(first, second))).containsExactlyInAnyOrder(first.name(), second.name());

            List<Exception> failures = new CopyOnWriteArrayList<>();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.LINGER_MS_CONFIG, 0,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000),
                    new StringSerializer(), new StringSerializer())) {
                List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
                for (Topic topic : List.of(first, second)) {
                    for (int round = 0; round < 5; round++) {
                        for (int p = 0; p < topic.partitions(); p++) {
                            sends.add(producer.send(new ProducerRecord<>(topic.name(), p, "k" + p, "v" + round),
                                    (metadata, error) -> { if (error != null) failures.add(error); }));
                        }
                    }
                }
                producer.flush();
                for (var send : sends) {
                    try {
                        send.get();
                    } catch (Exception ignored) {
                        // recorded by the callback
                    }
                }
            }
            assertThat(failures).as("sends to freshly provisioned partitions").isEmpty();

            // a second start finds them and creates nothing
            assertThat(provisioner.ensure(List.of(first.withPartitions(32), second))).isEmpty();
        }
    }
}
