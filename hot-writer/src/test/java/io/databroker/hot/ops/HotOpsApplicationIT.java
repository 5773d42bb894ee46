package io.databroker.hot.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.databroker.ops.testing.OpsTestCredentials;
import io.databroker.shared.json.Json;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.ElasticsearchNode;
import io.databroker.testsupport.KafkaBroker;
import tools.jackson.databind.JsonNode;

/** The operations endpoints as the service serves them: job lifecycle, validation, verify's status and gauge. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "broker.hot.ilm.enabled=false", "broker.hot.text-analyzer=standard", "broker.hot.number-of-replicas=0",
        "broker.hot.sources=news", "broker.topics.replication-factor=1"})
class HotOpsApplicationIT {

    private static final String PREFIX = "opsapp" + UUID.randomUUID().toString().substring(0, 6) + "_";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final Path COLD_STORE = createTemp();
    private static final OpsTestCredentials CREDENTIALS = OpsTestCredentials.create(createTemp());

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("KAFKA_BOOTSTRAP_SERVERS", () -> KafkaBroker.shared().bootstrapServers());
        registry.add("ELASTICSEARCH_HOSTS", () -> ElasticsearchNode.shared().httpUrl());
        registry.add("BROKER_COLD_BASE_URI", () -> COLD_STORE.toUri().toString());
        registry.add("broker.hot.index-prefix", () -> PREFIX);
        CREDENTIALS.properties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @Test
    void rehydrateNeedsAnAdminAndRefusesAnOperator() {
        assertThat(send("POST", "/ops/rehydrate", "{\"days\":1}", null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/ops/rehydrate", "{\"days\":1}", "operator").statusCode()).isEqualTo(403);
    }

    @Test
    void rehydrateRunsAsAJobAndRefusesBadParameters() throws Exception {
        assertThat(send("GET", "/ops/replay", null).statusCode()).isEqualTo(404);
        assertThat(send("POST", "/ops/rehydrate", "{\"days\":11}").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/ops/rehydrate", "{\"days\":1,\"sources\":[\"dns\"]}").statusCode()).isEqualTo(400);

        HttpResponse<String> started = send("POST", "/ops/rehydrate", "{\"days\":2,\"sources\":[\"news\"]}");
        assertThat(started.statusCode()).isEqualTo(202);
        JsonNode status = Json.mapper().readTree(started.body());
        assertThat(status.get("kind").asString()).isEqualTo("rehydrate");
        assertThat(status.at("/parameters/days").asInt()).isEqualTo(2);

        JsonNode finished = Await.untilValue(Duration.ofSeconds(60), "the rehydrate job to end",
                () -> json(send("GET", "/ops/rehydrate", null)), s -> !s.get("state").asString().equals("running"));
        assertThat(finished.get("state").asString()).isEqualTo("succeeded");
        assertThat(finished.get("id").asString()).isEqualTo(status.get("id").asString());
    }

    @Test
    void verifyAnswersWithAReportAndPublishesTheDriftGauge() throws Exception {
        HttpResponse<String> response = send("GET", "/ops/verify?sources=news&days=1", null);

        assertThat(response.statusCode()).isIn(200, 409);
        JsonNode report = Json.mapper().readTree(response.body());
        assertThat(report.get("agree").asBoolean()).isEqualTo(response.statusCode() == 200);
        assertThat(report.at("/sources/0/source").asString()).isEqualTo("news");
        assertThat(send("GET", "/actuator/prometheus", null).body())
                .contains("broker_store_drift{service=\"hot-writer\",source=\"news\",store=\"delta\"}");
    }

    private static Path createTemp() {
        try {
            return java.nio.file.Files.createTempDirectory("ops-app-cold-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JsonNode json(HttpResponse<String> response) {
        return Json.mapper().readTree(response.body());
    }

    /** As the admin user. */
    private HttpResponse<String> send(String method, String path, String json) {
        return send(method, path, json, "admin");
    }

    private HttpResponse<String> send(String method, String path, String json, String role) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (role != null) {
            OpsTestCredentials.TestUser user = CREDENTIALS.user(role);
            OpsTestCredentials.basic(request, user.name(), user.password());
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }
}
