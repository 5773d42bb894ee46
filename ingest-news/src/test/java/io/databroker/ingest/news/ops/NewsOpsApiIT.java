package io.databroker.ingest.news.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.databroker.ingest.core.backfill.BackfillRecord;
import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.core.state.IngestStateReader;
import io.databroker.ingest.news.poll.NewsBackfill;
import io.databroker.ops.testing.AuthTable;
import io.databroker.ops.testing.OpsCliRun;
import io.databroker.ops.testing.OpsEndpoint;
import io.databroker.ops.testing.OpsTestCredentials;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.Response;
import io.databroker.testsupport.HttpProbe;
import io.databroker.testsupport.KafkaBroker;
import io.databroker.shared.topic.TopicProvisioner;
import io.databroker.shared.topic.TopicSettings;
import io.databroker.shared.topic.Topics;

/**
 * The Operations API of the real ingest-news (two feeds; real broker, fixture server): every endpoint × {no
 * credentials, wrong password, viewer, operator, admin}; a re-poll of one feed through the CLI; an unknown feed
 * refused; a backfill a crash left running resumed at start; the audit line; no password in the output.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class NewsOpsApiIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final OpsTestCredentials credentials = OpsTestCredentials.create(tempDir());
    private static final FixtureHttpServer FEEDS = FixtureHttpServer.start()
            .respond("/tech.xml", Response.okResource("application/rss+xml", "fixtures/feeds/rss2-cdata-html-rfc822.xml"))
            .respond("/atom.xml", Response.okResource("application/atom+xml", "fixtures/feeds/atom-html-content.xml"));
    /** Live polls only, not a backfill's re-polls: with a poll interval of 1 h, one per feed. */
    private static final Pattern BOTH_FEEDS_POLLED =
            Pattern.compile("broker_ingest_polls_total\\{[^}]*result=\"ok\"[^}]*\\} 2.0");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
        registry.add("broker.news.feeds", () -> FEEDS.url("/tech.xml") + "," + FEEDS.url("/atom.xml"));
        registry.add("broker.news.poll-interval", () -> "1h");
        registry.add("broker.news.transactional-id", () -> "ingest-news-ops-api-it");
        registry.add("broker.topics.replication-factor", () -> "1");
        credentials.properties().forEach((name, value) -> registry.add(name, () -> value));
        interruptedBackfillBeforeStart();
    }

    /** As a crash would leave it: a backfill of feed atom.xml recorded as running, before the service starts. */
    private static void interruptedBackfillBeforeStart() {
        TopicProvisioner.provision(new TopicSettings(true, (short) 1, Map.of(), Duration.ofSeconds(30)),
                List.of(Topics.INGEST_STATE), Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers()));
        try (TransactionalPublisher publisher = TransactionalPublisher.forKafka(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers()),
                "news-ops-api-it-crashed", Topics.INGEST_STATE.name())) {
            new BackfillRecord("news", NewsBackfill.parameters(List.of(FEEDS.url("/atom.xml"))), true).write(publisher);
        }
    }

    @AfterAll
    static void stopFeeds() {
        FEEDS.close();
    }

    /** What was logged until the start's work was over: a test's CapturedOutput lacks what earlier tests saw. */
    private static String startOutput;

    @LocalServerPort
    int port;

    /**
     * Whatever the tests' order, what the start began is over: the resumed backfill (a new one is refused while it
     * runs) and each feed's first live poll (both fetch atom.xml, otherwise maybe after a test counted its requests).
     */
    @BeforeEach
    void awaitStartupWork(CapturedOutput output) {
        OpsCliRun.awaitIdle("backfill", base(), credentials, TIMEOUT);
        Await.until(TIMEOUT, "both feeds' first live poll", () -> BOTH_FEEDS_POLLED.matcher(
                HttpProbe.get(base() + "/actuator/prometheus").body()).find());
        if (startOutput == null) {
            startOutput = output.getAll();
        }
    }

    @Test
    void eachRoleCanMakeExactlyItsCalls(CapturedOutput output) throws IOException, InterruptedException {
        List<OpsEndpoint> endpoints = new ArrayList<>(OpsEndpoint.common());
        endpoints.addAll(OpsEndpoint.backfill("{\"feeds\":[]}"));

        assertThat(AuthTable.violations(base(), endpoints, credentials)).isEmpty();

        OpsCliRun.awaitIdle("backfill", base(), credentials, TIMEOUT);
        assertThat(credentials.passwords()).noneMatch(output.getAll()::contains);
    }

    @Test
    void anOperatorRepollsAFeedWithTheCliAndIsAudited(CapturedOutput output) {
        int atomRequests = FEEDS.requests("/atom.xml").size();
        OpsCliRun run = OpsCliRun.as("operator", base(), credentials, "backfill", "start", "--feed", FEEDS.url("/tech.xml"), "--wait");

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("\"state\":\"succeeded\"", "\"done\":1", "\"total\":1");
        assertThat(FEEDS.requests("/atom.xml")).as("not chosen").hasSize(atomRequests);
        assertThat(output.getAll()).contains("\"who\":\"otto\"", "\"path\":\"/ops/backfill\"", "\"status\":202");
        OpsCliRun unknown = OpsCliRun.as("operator", base(), credentials, "backfill", "start", "--feed", "https://elsewhere.example/rss");
        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.out()).contains("is not a configured feed");
        assertThat(credentials.passwords()).noneMatch(output.getAll()::contains);
    }

    @Test
    void resumesTheBackfillARestartInterruptedOnceTheServiceIsUp() {
        OpsCliRun.awaitIdle("backfill", base(), credentials, TIMEOUT);

        assertThat(startOutput).contains("resuming the news backfill of 1 feeds that a restart interrupted",
                "news feed " + FEEDS.url("/atom.xml") + " re-polled");
        assertThat(BackfillRecord.read(IngestStateReader.forKafka(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.shared().bootstrapServers()), Topics.INGEST_STATE.name(), TIMEOUT), "news"))
                .hasValueSatisfying(r -> assertThat(r.running()).isFalse());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("news-ops-api-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
