package io.databroker.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.databroker.testsupport.Await;
import io.databroker.testsupport.KafkaBroker;

/** Wiring: topics created, Streams started from Boot's Kafka settings, readiness follows Streams, metrics exported. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EnrichApplicationIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
        registry.add("spring.kafka.streams.state-dir", Files.createTempDirectory(Files.createDirectories(Path.of("target")), "enrich-state")::toString);
        registry.add("spring.kafka.streams.replication-factor", () -> "1");
        registry.add("broker.topics.replication-factor", () -> "1");
        registry.add("management.endpoint.health.show-components", () -> "always");
    }

    @Test
    void createsTopicsEnrichesAndReportsReadyWithMetrics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).containsAll(Set.of("arxiv_raw", "github_events", "news_feed",
                    "dns_data", "arxiv_enriched", "github_enriched", "news_enriched", "dns_enriched", "dead-letter-queue"));
            // The body of the answer that was UP: a rebalance may change the state before a second request.
            HttpResponse<String> ready = Await.untilValue(TIMEOUT, "readiness UP",
                    () -> get("/actuator/health/readiness"), r -> r.statusCode() == 200);
            assertThat(ready.body()).contains("\"kafkaStreams\"").contains("\"state\":\"RUNNING\"");
            assertThat(get("/health/ready").statusCode()).isEqualTo(200);
            assertThat(get("/health/live").statusCode()).isEqualTo(200);
            assertThat(admin.listTopics().names().get()).contains("enrich-papers", "enrich-domains");

            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
                producer.send(new ProducerRecord<>("news_feed", null, """
                        {"feed_url":"https://feeds.example.org/x.xml","guid":"g-1","fetched_at":"2025-03-01T10:00:00Z"}"""
                        .getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            }
            Await.until(TIMEOUT, "a record on news_enriched", () -> endOffsetSum(admin, "news_enriched", 8) >= 1);
        }
        Await.until(TIMEOUT, "processed counter exported",
                () -> get("/actuator/prometheus").body().contains("broker_events_processed_total{"));
        assertThat(get("/actuator/prometheus").body())
                .containsPattern("broker_events_processed_total\\{[^}]*service=\"enrich-service\"[^}]*source=\"news\"");
    }

    private static long endOffsetSum(Admin admin, String topic, int partitions) {
        try {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(request).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
