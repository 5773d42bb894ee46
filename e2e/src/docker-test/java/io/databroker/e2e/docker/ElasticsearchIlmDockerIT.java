package io.databroker.e2e.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.databroker.testsupport.FreePorts;
import io.databroker.testsupport.ServiceProcess;

/**
 * The real Elasticsearch 8.19 image, with ILM (the integ-test distribution used elsewhere has none): hot-writer
 * installs hot_store_policy and the templates at start-up, and a daily index is managed by the policy with its
 * origination date parsed from its name. Needs a Docker engine: -Pdocker only.
 */
@Testcontainers
class ElasticsearchIlmDockerIT {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.2.1");

    @Container
    static final ElasticsearchContainer ELASTICSEARCH = new ElasticsearchContainer(
            "docker.elastic.co/elasticsearch/elasticsearch:8.19.21")
            .withEnv("xpack.security.enabled", "false")
            .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m");

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void hotWriterInstallsThePolicyAndIlmManagesDailyIndicesFromTheDateInTheirName() throws Exception {
        Path buildRoot = Path.of(System.getProperty("databroker.build.root", "..")).toAbsolutePath().normalize();
        Path jar = ServiceProcess.moduleJar(buildRoot, "hot-writer", System.getProperty("databroker.project.version", "0.1.0-SNAPSHOT"));
        Path logs = Files.createDirectories(buildRoot.resolve("e2e/target/docker-it-logs"));
        String es = "http://" + ELASTICSEARCH.getHttpHostAddress();

        try (ServiceProcess hotWriter = ServiceProcess.of("hot-writer", jar, FreePorts.one(), Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", KAFKA.getBootstrapServers(),
                "ELASTICSEARCH_HOSTS", es,
                "BROKER_HOT_ILM_ENABLED", "true",
                "BROKER_HOT_NUMBER_OF_REPLICAS", "0"), logs)) {
            hotWriter.start().awaitReady(Duration.ofMinutes(3));

            assertThat(send("GET", es + "/_ilm/policy/hot_store_policy").statusCode()).isEqualTo(200);
            assertThat(send("GET", es + "/_index_template/news_recent").statusCode()).isEqualTo(200);

            LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(3);
            String index = "news_recent-" + day.format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
            assertThat(send("PUT", es + "/" + index).statusCode()).isEqualTo(200);

            JsonNode explain = JSON.readTree(send("GET", es + "/" + index + "/_ilm/explain").body()).path("indices").path(index);
            assertThat(explain.path("managed").asBoolean()).as(explain.toString()).isTrue();
            assertThat(explain.path("policy").asText()).isEqualTo("hot_store_policy");
            assertThat(explain.path("lifecycle_date_millis").asLong())
                    .as("origination date parsed from the index name")
                    .isEqualTo(day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
        }
    }

    private static HttpResponse<String> send(String method, String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
