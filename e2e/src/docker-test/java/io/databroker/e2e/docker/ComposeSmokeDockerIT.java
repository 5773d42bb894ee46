package io.databroker.e2e.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * `docker compose up` of the whole compose.yaml (images built from this repository): every service with a health
 * check turns healthy, and Prometheus scrapes all seven services. Needs a Docker engine: -Pdocker only; the first run
 * builds the images and pulls about 3 GB.
 */
class ComposeSmokeDockerIT {

    private static final List<String> HEALTHY = List.of("kafka", "elasticsearch", "kibana", "ingest-arxiv", "ingest-github",
            "ingest-news", "ingest-dns", "enrich-service", "hot-writer", "cold-writer", "prometheus", "alertmanager",
            "grafana", "kafka-ui");

    @Test
    void everyServiceBecomesHealthyAndIsScraped() throws Exception {
        File compose = Path.of(System.getProperty("databroker.build.root", "..")).toAbsolutePath().normalize()
                .resolve("compose.yaml").toFile();
        try (ComposeContainer environment = new ComposeContainer(compose).withBuild(true)) {
            HEALTHY.forEach(service -> environment.waitingFor(service,
                    Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(20))));
            environment.start();

            // published on 127.0.0.1 (BIND_ADDRESS) by compose.yaml itself
            HttpResponse<String> targets = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:9090/api/v1/targets?state=active")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(targets.statusCode()).isEqualTo(200);
            for (String job : List.of("ingest-arxiv", "ingest-github", "ingest-news", "ingest-dns", "enrich-service", "hot-writer", "cold-writer")) {
                assertThat(targets.body()).contains("\"job\":\"" + job + "\"");
            }
        }
    }
}
