package io.databroker.hot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.databroker.hot.connect.ElasticsearchConnection;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Topics;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.ElasticsearchNode;
import io.databroker.testsupport.KafkaBroker;
import org.elasticsearch.client.Request;
import tools.jackson.databind.JsonNode;

/** The service as deployed: environment variables bind, topics and templates are set up, health groups are right. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HotWriterApplicationIT {

    private static final String PREFIX = "app" + UUID.randomUUID().toString().substring(0, 6) + "_";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    ElasticsearchConnection elasticsearch;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        // The names the launcher and deployments use (ARCHITECTURE §2), resolved by application.yaml's placeholders.
        registry.add("KAFKA_BOOTSTRAP_SERVERS", () -> KafkaBroker.shared().bootstrapServers());
        registry.add("ELASTICSEARCH_HOSTS", () -> ElasticsearchNode.shared().httpUrl());
        registry.add("broker.hot.ilm.enabled", () -> "false");
        registry.add("broker.hot.text-analyzer", () -> "standard");
        registry.add("broker.hot.number-of-replicas", () -> "0");
        registry.add("broker.hot.index-prefix", () -> PREFIX);
        registry.add("broker.hot.sources", () -> "news");
        registry.add("broker.topics.replication-factor", () -> "1");
    }

    @Test
    void readinessWaitsForElasticsearchButLivenessDoesNot() throws Exception {
        JsonNode readiness = get("/actuator/health/readiness");
        JsonNode liveness = get("/actuator/health/liveness");

        assertThat(readiness.get("status").asString()).isEqualTo("UP");
        assertThat(readiness.at("/components/elasticsearch/status").asString()).isEqualTo("UP");
        assertThat(liveness.get("status").asString()).isEqualTo("UP");
        assertThat(liveness.path("components").has("elasticsearch")).isFalse();
    }

    @Test
    void indexesADocumentFromTheEnrichedTopicAndExposesMetrics() throws Exception {
        Instant now = Instant.now();
        String id = "news:app-it-" + UUID.randomUUID();
        String document = Json.mapper().createObjectNode()
                .put("id", id).put("source", "news")
                .put("event_time", now.toString()).put("event_date", LocalDate.ofInstant(now, ZoneOffset.UTC).toString())
                .put("title", "Wired end to end").toString();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.NEWS_ENRICHED.name(), id, document)).get(30, TimeUnit.SECONDS);
        }

        Await.until(java.time.Duration.ofSeconds(60), id + " to be searchable in " + PREFIX + "news_recent",
                () -> exists(PREFIX + "news_recent", id));
        Await.until(java.time.Duration.ofSeconds(30), "the indexed counter on /actuator/prometheus",
                () -> prometheus().contains("broker_events_processed_total{service=\"hot-writer\",source=\"news\",stage=\"indexed\"}"));
    }

    private boolean exists(String alias, String id) {
        try {
            elasticsearch.restClient().performRequest(new Request("POST", "/" + alias + "/_refresh"));
            Request search = new Request("POST", "/" + alias + "/_search");
            search.setJsonEntity("{\"query\":{\"ids\":{\"values\":[\"" + id + "\"]}}}");
            JsonNode hits = Json.mapper().readTree(elasticsearch.restClient().performRequest(search).getEntity().getContent());
            return hits.at("/hits/total/value").asLong() == 1;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return Json.mapper().readTree(response.body());
    }

    private String prometheus() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
