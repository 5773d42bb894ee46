package io.databroker.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.databroker.testsupport.Await;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.Response;
import io.databroker.testsupport.HttpProbe;
import io.databroker.testsupport.KafkaBroker;

/**
 * Wiring: the service starts against a real broker and a local OAI-PMH endpoint, creates the topics it owns,
 * harvests, and answers its probes (with the §10 aliases) and the Prometheus scrape with the ingest metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IngestArxivApplicationIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final FixtureHttpServer OAI = FixtureHttpServer.start()
            .respond("/oai", Response.okResource("text/xml; charset=utf-8", "fixtures/oaipmh/list-records-arxivraw-page-3-last.xml"));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
        registry.add("broker.arxiv.base-url", () -> OAI.url("/oai"));
        registry.add("broker.arxiv.request-interval", () -> "10ms");
        registry.add("broker.topics.replication-factor", () -> "1");
    }

    @AfterAll
    static void stopOai() {
        OAI.close();
    }

    @LocalServerPort
    int port;

    @Test
    void createsItsTopicsHarvestsAndReportsReadyWithMetrics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of("arxiv_raw", "broker_ingest_state"))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(topics.get("arxiv_raw").partitions()).hasSize(8);
            assertThat(topics.get("broker_ingest_state").partitions()).hasSize(1);
            Await.until(TIMEOUT, "3 records on arxiv_raw", () -> endOffsetSum(admin, "arxiv_raw", 8) >= 3);
        }
        // The wait above can end on records that other test classes left on the shared broker's topic.
        Await.until(TIMEOUT, "a harvest request", () -> !OAI.requests("/oai").isEmpty());
        assertThat(OAI.requests("/oai")).first().satisfies(r -> {
            assertThat(r.pathAndQuery()).startsWith("/oai?verb=ListRecords&metadataPrefix=arXivRaw&from=");
            assertThat(r.header("User-Agent")).hasValueSatisfying(ua -> assertThat(ua).startsWith("data-broker-ingest-arxiv"));
        });

        String base = "http://127.0.0.1:" + port;
        Await.until(TIMEOUT, "readiness UP", () -> HttpProbe.get(base + "/actuator/health/readiness").statusCode() == 200);
        assertThat(HttpProbe.get(base + "/actuator/health/readiness").body()).contains("\"lastPoll\"", "\"kafkaBroker\"");
        assertThat(HttpProbe.get(base + "/health/ready").statusCode()).isEqualTo(200);
        assertThat(HttpProbe.get(base + "/health/live").statusCode()).isEqualTo(200);
        assertThat(HttpProbe.get(base + "/actuator/health/liveness").statusCode()).isEqualTo(200);
        String metrics = Await.untilValue(TIMEOUT, "poll metrics", () -> HttpProbe.get(base + "/actuator/prometheus").body(),
                body -> body.contains("broker_ingest_polls_total"));
        assertThat(metrics)
                .contains("service=\"ingest-arxiv\"")
                .containsPattern("broker_ingest_requests_total\\{[^}]*source=\"arxiv\"[^}]*status=\"200\"")
                .containsPattern("broker_ingest_polls_total\\{[^}]*result=\"ok\"")
                .containsPattern("broker_events_processed_total\\{[^}]*source=\"arxiv\"[^}]*stage=\"published\"[^}]*\\} 3.0")
                .contains("broker_ingest_source_lag_seconds")
                .contains("broker_ingest_poll_duration_seconds");
        assertThat(HttpProbe.get(base + "/actuator/env").statusCode())
                .as("only health and prometheus are open; anything else needs credentials (ops-core)").isEqualTo(401);
    }

    /** Record count through end offsets under read_uncommitted, fine as a "something arrived" signal. */
    private static long endOffsetSum(Admin admin, String topic, int partitions) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        try {
            return admin.listOffsets(request).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
