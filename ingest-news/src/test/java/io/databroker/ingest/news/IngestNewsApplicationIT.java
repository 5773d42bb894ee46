package io.databroker.ingest.news;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
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
import io.databroker.testsupport.KafkaBroker;

/**
 * Wiring: the context starts against a real broker with a configured feed (with attributes) and an OPML list fetched
 * over HTTP, creates its topics, polls both feeds, and answers readiness (also on the short paths) and metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IngestNewsApplicationIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final FixtureHttpServer FEEDS = FixtureHttpServer.start()
            .respond("/tech.xml", Response.okResource("application/rss+xml", "fixtures/feeds/rss2-cdata-html-rfc822.xml"))
            .respond("/atom.xml", Response.okResource("application/atom+xml", "fixtures/feeds/atom-html-content.xml"));

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        FEEDS.respond("/subscriptions.opml", Response.ok("text/x-opml", """
                <opml version="2.0"><body><outline text="Releases">
                  <outline text="Example releases" type="rss" xmlUrl="%s"/>
                </outline></body></opml>""".formatted(FEEDS.url("/atom.xml"))));
        registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
        registry.add("broker.news.feeds", () -> FEEDS.url("/tech.xml") + "|label=tech");
        registry.add("broker.news.opml", () -> FEEDS.url("/subscriptions.opml"));
        registry.add("broker.news.poll-interval", () -> "1h");
        registry.add("broker.topics.replication-factor", () -> "1");
        registry.add("management.endpoint.health.show-components", () -> "always");
    }

    @AfterAll
    static void stopFeeds() {
        FEEDS.close();
    }

    @Test
    void createsTopicsPublishesBothFeedsAndReportsReadyWithMetrics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers()))) {
            assertThat(admin.describeTopics(List.of("news_feed", "broker_ingest_state")).allTopicNames().get())
                    .hasEntrySatisfying("news_feed", d -> assertThat(d.partitions()).hasSize(8))
                    .hasEntrySatisfying("broker_ingest_state", d -> assertThat(d.partitions()).hasSize(1));
            Await.until(TIMEOUT, "5 records on news_feed", () -> endOffsetSum(admin, "news_feed", 8) >= 5);
        }

        Await.until(TIMEOUT, "readiness UP", () -> get("/health/ready").statusCode() == 200);
        assertThat(get("/actuator/health/readiness").body()).contains("\"lastPoll\"", "\"kafkaBroker\"", "\"activeFeeds\":2");
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/health").statusCode()).isEqualTo(200);
        // The news_feed wait can end on records that other test classes left on the shared broker's topic.
        Pattern polledOk = Pattern.compile(
                "broker_ingest_polls_total\\{[^}]*result=\"ok\"[^}]*service=\"ingest-news\"");
        String metrics = Await.untilValue(TIMEOUT, "a successful poll", () -> get("/actuator/prometheus").body(),
                body -> polledOk.matcher(body).find());
        assertThat(metrics).containsPattern(polledOk);
        assertThat(metrics).containsPattern("broker_ingest_feeds\\{[^}]*state=\"active\"[^}]*\\} 2.0");
        assertThat(metrics).contains("broker_events_processed_total");
    }

    /** Record count through end offsets under read_uncommitted, fine as a "something arrived" signal. */
    private static long endOffsetSum(Admin admin, String topic, int partitions) {
        try {
            Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
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
