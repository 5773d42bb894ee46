package io.databroker.ingest.github;

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
 * Wiring: the service starts against a real broker, a local Events API and a local GH Archive, creates the topics it
 * owns, runs both modes at once, and answers its probes (with the §10 aliases) and the Prometheus scrape.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IngestGithubApplicationIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final FixtureHttpServer GITHUB = FixtureHttpServer.start()
            .respond("/events", Response.ok("application/json; charset=utf-8", GithubFixtures.eventsPage("public-events-2025-06.json"))
                            .withHeader("ETag", "\"v1\"").withHeader("X-Poll-Interval", "1"),
                    Response.of(304).withHeader("ETag", "\"v1\"").withHeader("X-Poll-Interval", "1"))
            .respond("/gharchive/2015-01-01-12.json.gz", Response.ok("application/gzip", GithubFixtures.archiveFile("2015-01-01-12.json")));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
        registry.add("broker.github.live.api-url", () -> GITHUB.url(""));
        registry.add("broker.github.live.token", () -> "test-token");
        registry.add("broker.github.live.poll-interval", () -> "1s");
        registry.add("broker.github.backfill.archive-url", () -> GITHUB.url("/gharchive"));
        registry.add("broker.github.backfill.from", () -> "2015-01-01-12");
        registry.add("broker.github.backfill.to", () -> "2015-01-01-12");
        registry.add("broker.topics.replication-factor", () -> "1");
    }

    @AfterAll
    static void stopGithub() {
        GITHUB.close();
    }

    @LocalServerPort
    int port;

    @Test
    void createsItsTopicsRunsBothModesAndReportsReadyWithMetrics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of("github_events", "broker_ingest_state"))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(topics.get("github_events").partitions()).hasSize(16);
            assertThat(topics.get("broker_ingest_state").partitions()).hasSize(1);
            Await.until(TIMEOUT, "10 live + 40 archived events on github_events", () -> endOffsetSum(admin) >= 50);
        }
        // The wait above can end on records that other test classes left on the shared broker's topic.
        Await.until(TIMEOUT, "a live poll request", () -> !GITHUB.requests("/events").isEmpty());
        assertThat(GITHUB.requests("/events")).first().satisfies(r -> {
            assertThat(r.pathAndQuery()).isEqualTo("/events?per_page=100&page=1");
            assertThat(r.header("Authorization")).contains("Bearer test-token");
            assertThat(r.header("User-Agent")).hasValueSatisfying(ua -> assertThat(ua).startsWith("data-broker-ingest-github"));
        });

        String base = "http://127.0.0.1:" + port;
        Await.until(TIMEOUT, "readiness UP", () -> HttpProbe.get(base + "/actuator/health/readiness").statusCode() == 200);
        assertThat(HttpProbe.get(base + "/actuator/health/readiness").body()).contains("\"lastPoll\"", "\"kafkaBroker\"",
                "\"live\"", "\"backfill\"");
        assertThat(HttpProbe.get(base + "/health/ready").statusCode()).isEqualTo(200);
        assertThat(HttpProbe.get(base + "/health/live").statusCode()).isEqualTo(200);
        assertThat(HttpProbe.get(base + "/actuator/health/liveness").statusCode()).isEqualTo(200);
        String metrics = Await.untilValue(TIMEOUT, "both modes' metrics", () -> HttpProbe.get(base + "/actuator/prometheus").body(),
                body -> body.contains("broker_ingest_github_archive_hours_total") && body.contains("result=\"not_modified\""));
        assertThat(metrics)
                .contains("service=\"ingest-github\"")
                .containsPattern("broker_ingest_requests_total\\{[^}]*source=\"github\"[^}]*status=\"200\"")
                .containsPattern("broker_ingest_polls_total\\{[^}]*result=\"ok\"")
                .containsPattern("broker_events_processed_total\\{[^}]*source=\"github\"[^}]*stage=\"published\"[^}]*\\} 50.0")
                .containsPattern("broker_ingest_github_archive_hours_total\\{[^}]*result=\"complete\"[^}]*\\} 1.0")
                .contains("broker_ingest_github_rate_limit_remaining")
                .contains("broker_ingest_source_lag_seconds");
        assertThat(metrics).as("the token is never exposed").doesNotContain("test-token");
        assertThat(HttpProbe.get(base + "/actuator/env").statusCode())
                .as("only health and prometheus are open; anything else needs credentials (ops-core)").isEqualTo(401);
    }

    /** Record count through end offsets under read_uncommitted, fine as a "something arrived" signal. */
    private static long endOffsetSum(Admin admin) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < 16; p++) {
            request.put(new TopicPartition("github_events", p), OffsetSpec.latest());
        }
        try {
            // Each partition's end offset also counts its transaction commit markers: one per transaction.
            return admin.listOffsets(request).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
