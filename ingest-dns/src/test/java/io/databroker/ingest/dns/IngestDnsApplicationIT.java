package io.databroker.ingest.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.xbill.DNS.Type;

import io.databroker.ingest.dns.dnstap.MessageType;
import io.databroker.ingest.dns.receive.DnstapReceiver;
import io.databroker.shared.json.Json;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.HttpProbe;
import io.databroker.testsupport.KafkaBroker;

/**
 * Wiring: the service starts against a real broker, creates its topics, replays a configured capture file, takes
 * dnstap on its TCP and Unix listeners, publishes to {@code dns_data}, and answers its probes and metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IngestDnsApplicationIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Path SOCKET = Path.of("target", "app-it-dnstap-" + ProcessHandle.current().pid() + ".sock").toAbsolutePath();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
        registry.add("broker.topics.replication-factor", () -> "1");
        registry.add("broker.dns.tcp.port", () -> "0");
        registry.add("broker.dns.unix.socket", SOCKET::toString);
        registry.add("broker.dns.pairing.timeout", () -> "1s");
        // Test resources are plain files under target/test-classes.
        registry.add("broker.dns.replay-files", () -> Path.of("target", "test-classes", "fixtures", "dnstap",
                "dnsdist-www.google.com.fstrm").toAbsolutePath().toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    DnstapReceiver receiver;

    @Test
    void createsTopicsTakesDnstapFromFilesTcpAndUnixAndReportsReady() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of("dns_data", "broker_ingest_state"))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(topics.get("dns_data").partitions()).hasSize(32);
            assertThat(topics.get("broker_ingest_state").partitions()).hasSize(1);
        }

        try (SocketChannel tcp = SocketChannel.open(new InetSocketAddress("127.0.0.1", receiver.tcpPort()))) {
            send(tcp, "over-tcp.example.test.");
        }
        try (SocketChannel unix = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            unix.connect(UnixDomainSocketAddress.of(SOCKET));
            send(unix, "over-unix.example.test.");
        }

        List<String> keys = awaitKeys(List.of("www.google.com", "over-tcp.example.test", "over-unix.example.test"));
        assertThat(keys).contains("www.google.com", "over-tcp.example.test", "over-unix.example.test");

        String base = "http://127.0.0.1:" + port;
        Await.until(TIMEOUT, "readiness UP", () -> HttpProbe.get(base + "/actuator/health/readiness").statusCode() == 200);
        assertThat(HttpProbe.get(base + "/actuator/health/readiness").body()).contains("\"dnstap\"", "\"accepting\":true", "\"kafkaReachable\":true");
        assertThat(HttpProbe.get(base + "/health/ready").statusCode()).isEqualTo(200);
        assertThat(HttpProbe.get(base + "/health/live").statusCode()).isEqualTo(200);
        assertThat(HttpProbe.get(base + "/actuator/health/liveness").statusCode()).isEqualTo(200);
        String metrics = HttpProbe.get(base + "/actuator/prometheus").body();
        assertThat(metrics).containsPattern("broker_events_processed_total\\{[^}]*service=\"ingest-dns\"[^}]*source=\"dns\"[^}]*stage=\"published\"");
        assertThat(metrics).contains("broker_dns_connections", "broker_dns_pairing_total", "broker_dns_publish_in_flight");
        assertThat(HttpProbe.get(base + "/actuator/env").statusCode())
                .as("only health and prometheus are open; anything else needs credentials (ops-core)").isEqualTo(401);
    }

    /** A unidirectional stream (a sender with bidirectional mode off): START, one CLIENT_QUERY, STOP. */
    private static void send(SocketChannel channel, String qname) throws IOException {
        byte[] frame = TestDnstap.event(MessageType.CLIENT_QUERY).client("192.0.2.9", 5000)
                .queryTime(Instant.now()).query(TestDnstap.query(1, qname, Type.A)).bytes();
        Channels.newOutputStream(channel).write(TestDnstap.captureFile(List.of(frame)));
    }

    private static List<String> awaitKeys(List<String> wanted) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < 32; p++) {
                partitions.add(new TopicPartition("dns_data", p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> keys = new ArrayList<>();
            return Await.untilValue(TIMEOUT, "records for " + wanted + " on dns_data", () -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    assertThat(Json.mapper().readTree(record.value()).get("id").asString()).startsWith("dns:");
                    keys.add(record.key());
                }
                return List.copyOf(keys);
            }, seen -> seen.containsAll(wanted));
        }
    }
}
