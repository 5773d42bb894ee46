package io.databroker.hot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.databroker.shared.deadletter.DeadLetterHeaders;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Topics;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.ElasticsearchNode;
import io.databroker.testsupport.HttpProbe;
import io.databroker.testsupport.KafkaBroker;
import tools.jackson.databind.JsonNode;

/**
 * The service (its Spring context in this JVM, configured like a deployment) through an Elasticsearch outage: the
 * node is stopped mid-run while records keep coming, then restarted. Readiness is observed through the real HTTP
 * endpoint {@code /health/ready}: it goes DOWN (the circuit opened, consumption paused) and back UP, and every record
 * ends up indexed exactly once, none dead-lettered.
 */
class ElasticsearchOutageApplicationIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String PREFIX = "outage" + UUID.randomUUID().toString().substring(0, 6) + "_";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ElasticsearchNode node;
    private ConfigurableApplicationContext app;
    private KafkaProducer<String, String> producer;
    private int port;

    @BeforeEach
    void setUp() {
        node = ElasticsearchNode.start(ElasticsearchNode.Options.defaults());
        app = new SpringApplicationBuilder(HotWriterApplication.class).properties(
                "server.port=0",
                "KAFKA_BOOTSTRAP_SERVERS=" + KafkaBroker.shared().bootstrapServers(),
                "ELASTICSEARCH_HOSTS=" + node.httpUrl(),
                "spring.kafka.consumer.group-id=hot-writer-" + PREFIX,
                "broker.topics.replication-factor=1",
                "broker.hot.ilm.enabled=false",
                "broker.hot.text-analyzer=standard",
                "broker.hot.number-of-replicas=0",
                "broker.hot.index-prefix=" + PREFIX,
                // Only this test writes dns_enriched in this JVM.
                "broker.hot.sources=dns",
                "broker.hot.commit-interval=200ms",
                "broker.hot.bulk.initial-backoff=100ms",
                "broker.hot.bulk.max-backoff=1s",
                "broker.hot.breaker.minimum-calls=2",
                "broker.hot.breaker.sliding-window-size=4",
                "broker.hot.breaker.wait-in-open=2s").run();
        port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.shared().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void tearDown() {
        try {
            producer.close();
            app.close();
        } finally {
            node.close();
        }
    }

    @Test
    void readinessGoesDownWhileElasticsearchIsAwayAndEveryRecordIsIndexedOnceAfterItReturns() {
        produce(0, 50);
        Await.until(TIMEOUT, "the first 50 documents to be searchable", () -> count() == 50);
        assertThat(readiness().statusCode()).isEqualTo(200);

        node.stop();
        produce(50, 100);
        Await.until(TIMEOUT, "readiness DOWN with the circuit open", () -> {
            HttpResponse<String> response = readiness();
            return response.statusCode() == 503 && "DOWN".equals(circuitStatus(response));
        });
        assertThat(HttpProbe.get(url("/health/live")).statusCode()).as("liveness ignores Elasticsearch").isEqualTo(200);
        produce(100, 150);

        node.restart();
        Await.until(TIMEOUT, "readiness UP again", () -> readiness().statusCode() == 200);
        produce(150, 200);
        Await.until(TIMEOUT, "all 200 documents to be searchable", () -> count() == 200);

        JsonNode ids = search("{\"size\":0,\"aggs\":{\"ids\":{\"cardinality\":{\"field\":\"id\"}}}}");
        assertThat(ids.at("/aggregations/ids/value").asLong()).isEqualTo(200);
        assertThat(deadLettersOfThisTest()).isEmpty();
        assertThat(HttpProbe.get(url("/actuator/prometheus")).body())
                .contains("broker_hot_breaker_transitions_total{from=\"closed\",service=\"hot-writer\",to=\"open\"}")
                .contains("broker_hot_breaker_transitions_total{from=\"half_open\",service=\"hot-writer\",to=\"closed\"}");
    }

    /** DNS documents {@code from} … {@code to - 1} of this test, sent without waiting for each. */
    private void produce(int from, int to) {
        Instant now = Instant.now();
        for (int i = from; i < to; i++) {
            String id = "dns:" + PREFIX + i;
            String doc = Json.mapper().createObjectNode()
                    .put("id", id).put("source", "dns")
                    .put("event_time", now.toString())
                    .put("event_date", LocalDate.ofInstant(now, ZoneOffset.UTC).toString())
                    .put("qname", "host" + i + ".example.com").put("qtype", "A")
                    .put("registrable_domain", "example.com").toString();
            producer.send(new ProducerRecord<>(Topics.DNS_ENRICHED.name(), id, doc));
        }
        producer.flush();
    }

    private HttpResponse<String> readiness() {
        return HttpProbe.get(url("/health/ready"));
    }

    private static String circuitStatus(HttpResponse<String> response) {
        return Json.mapper().readTree(response.body()).at("/components/hotStoreCircuit/status").asString();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private long count() {
        return search("{\"size\":0,\"track_total_hits\":true}").at("/hits/total/value").asLong();
    }

    /** A search on this test's read alias after a refresh, straight over HTTP (the node may have just restarted). */
    private JsonNode search(String body) {
        String alias = node.httpUrl() + "/" + PREFIX + "dns_recent";
        try {
            HTTP.send(HttpRequest.newBuilder(URI.create(alias + "/_refresh"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(alias + "/_search"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<ConsumerRecord<String, String>> deadLettersOfThisTest() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> dlq = consumer.partitionsFor(Topics.DEAD_LETTER_QUEUE.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(dlq);
            consumer.seekToBeginning(dlq);
            Map<TopicPartition, Long> end = consumer.endOffsets(dlq);
            List<ConsumerRecord<String, String>> mine = new ArrayList<>();
            while (dlq.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    var topic = record.headers().lastHeader(DeadLetterHeaders.ORIGINAL_TOPIC);
                    if (topic != null && new String(topic.value(), StandardCharsets.UTF_8)
                            .equals(Topics.DNS_ENRICHED.name())) {
                        mine.add(record);
                    }
                }
            }
            return mine;
        }
    }
}
