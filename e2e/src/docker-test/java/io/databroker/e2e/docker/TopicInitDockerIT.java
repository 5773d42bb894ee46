package io.databroker.e2e.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.MountableFile;

import io.databroker.shared.topic.Topic;
import io.databroker.shared.topic.Topics;

/**
 * compose's topic-init step against the official Kafka image: the same script, run twice in an apache/kafka
 * container on the broker's network, leaves exactly the topics of ARCHITECTURE §3. Needs a Docker engine: -Pdocker only.
 */
@Testcontainers
class TopicInitDockerIT {

    private static final String IMAGE = "apache/kafka:4.2.1";
    private static final Network NETWORK = Network.newNetwork();

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(IMAGE).withNetwork(NETWORK).withListener("kafka:19092");

    @Test
    void createsEveryTopicWithItsPartitionsAndConfigsAndIsIdempotent() throws Exception {
        Path script = Path.of(System.getProperty("databroker.build.root", "..")).toAbsolutePath().normalize()
                .resolve("deploy/k8s/base/topic-init/create-topics.sh");
        for (int run = 1; run <= 2; run++) {
            try (GenericContainer<?> init = new GenericContainer<>(IMAGE)
                    .withNetwork(NETWORK)
                    .withCopyFileToContainer(MountableFile.forHostPath(script), "/opt/topic-init/create-topics.sh")
                    .withEnv("KAFKA_BOOTSTRAP_SERVERS", "kafka:19092")
                    .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("/bin/bash", "/opt/topic-init/create-topics.sh"))
                    .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(2)))) {
                init.start();
                assertThat(init.getLogs()).as("run " + run).contains("topics ready");
            }
        }

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers()))) {
            List<String> names = Topics.ALL.stream().map(Topic::name).toList();
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
            List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
            for (Topic expected : Topics.ALL) {
                assertThat(described.get(expected.name()).partitions()).as(expected.name()).hasSize(expected.partitions());
                Map<String, String> actual = new TreeMap<>();
                configs.get(new ConfigResource(ConfigResource.Type.TOPIC, expected.name())).entries()
                        .forEach(e -> actual.put(e.name(), e.value()));
                assertThat(actual).as(expected.name()).containsAllEntriesOf(expected.configs());
            }
        }
    }
}
