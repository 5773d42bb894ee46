package io.databroker.cold;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.apache.catalina.webresources.TomcatURLStreamHandlerFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.databroker.shared.topic.Source;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.KafkaBroker;
import io.databroker.testsupport.SparkSql;

/**
 * The whole service against the real broker, configured only through the environment variables ARCHITECTURE names:
 * topics created, one table per source, a document stored and readable by Spark, actuator endpoints answering.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"BROKER_COLD_FLUSH_MAX_LATENCY=500ms", "spring.kafka.consumer.group-id=cold-writer-application-it"})
class ColdWriterApplicationIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    static {
        // Spark (started by other ITs in this JVM) installs Hadoop's URL stream handler factory, which the JVM accepts
        // once; Tomcat would fail with "factory already defined" trying to install its own.
        TomcatURLStreamHandlerFactory.disable();
    }
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path base;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        registry.add("KAFKA_BOOTSTRAP_SERVERS", () -> KafkaBroker.shared().bootstrapServers());
        registry.add("BROKER_COLD_BASE_URI", () -> base.toUri().toString());
    }

    @Test
    void storesAnEnrichedDocumentAndReportsHealthAndMetrics() throws Exception {
        Await.until(WAIT, "a Delta table per source", () -> List.of(Source.values()).stream()
                .allMatch(s -> Files.isDirectory(base.resolve(s.coldTable()).resolve("_delta_log"))));

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Source.NEWS.enrichedTopic().name(), "news:app-it",
                    "{\"id\":\"news:app-it\",\"source\":\"news\",\"event_time\":\"2026-11-20T08:00:00Z\","
                            + "\"event_date\":\"2026-11-20\",\"title\":\"Hello\"}")).get(30, TimeUnit.SECONDS);
        }

        String news = "delta.`" + base.resolve("news_historical").toUri() + "`";
        Await.until(WAIT, "the document in news_historical",
                () -> !SparkSql.shared().query("SELECT id FROM " + news + " WHERE id = 'news:app-it'").isEmpty());
        assertThat(SparkSql.shared().query("SELECT title, event_date FROM " + news))
                .extracting(r -> r.get("title")).containsExactly("Hello");

        HttpResponse<String> readiness = get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"deltaTables\"").contains("news_historical");
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get("/health/live").body()).contains("\"UP\"");
        assertThat(get("/health/ready").body()).contains("\"deltaTables\"");
        assertThat(get("/health").statusCode()).isEqualTo(200);
        String metrics = get("/actuator/prometheus").body();
        assertThat(Pattern.compile("broker_events_processed_total\\{service=\"cold-writer\",source=\"news\",stage=\"delta_commit\"} 1\\.0")
                .matcher(metrics).find()).as(metrics).isTrue();
        assertThat(metrics).contains("broker_cold_commit_duration_seconds_count{outcome=\"success\",service=\"cold-writer\",source=\"news\"}")
                .contains("broker_pipeline_latency_seconds_bucket");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
