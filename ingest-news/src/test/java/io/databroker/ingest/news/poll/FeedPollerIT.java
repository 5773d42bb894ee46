package io.databroker.ingest.news.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.databroker.ingest.core.MalformedSourceDataException;
import io.databroker.ingest.core.health.PollHealth;
import io.databroker.ingest.core.http.FetchSettings;
import io.databroker.ingest.core.http.SourceHttpException;
import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.ingest.core.poll.PollFailures;
import io.databroker.ingest.core.poll.PollOutcome;
import io.databroker.ingest.core.poll.PollResult;
import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.core.state.IngestStateReader;
import io.databroker.ingest.news.Fixtures;
import io.databroker.ingest.news.feed.FeedCursor;
import io.databroker.ingest.news.feed.FeedParser;
import io.databroker.ingest.news.feed.FeedSource;
import io.databroker.ingest.news.fetch.FeedFetcher;
import io.databroker.ingest.news.fetch.RedirectRefusedException;
import io.databroker.ingest.news.publish.NewsItemMapper;
import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.json.Json;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.Response;
import io.databroker.testsupport.HostileHttpServer;
import io.databroker.testsupport.HostileHttpServer.Behaviour;
import io.databroker.testsupport.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * One feed's poll against a real broker and a fixture HTTP server: items and cursor in one transaction (checked with
 * read_committed), change detection by content hash, conditional GET and 304, 301/302/410 and the redirect limits.
 */
class FeedPollerIT {

    static final String RSS = "application/rss+xml; charset=utf-8";
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String KAFKA_ARTICLE = DocumentIds.newsByLink("https://www.example.org/tech/kafka-4-2?ref=front");

    private final KafkaBroker broker = KafkaBroker.shared();
    private final String suffix = "-" + UUID.randomUUID();
    final String newsTopic = "news_feed" + suffix;
    final String stateTopic = "broker_ingest_state" + suffix;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Clock clock = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);
    private final IngestMetrics metrics = new IngestMetrics("news", registry, clock);
    private TransactionalPublisher publisher;
    private FeedPoller poller;
    private FixtureHttpServer http;

    @BeforeEach
    void setUp() {
        broker.createTopic(newsTopic, 3);
        broker.createTopic(stateTopic, 1, Map.of("cleanup.policy", "compact"));
        http = FixtureHttpServer.start();
        publisher = publisher(broker, "ingest-news-it" + suffix, stateTopic);
        publisher.start();
        poller = new FeedPoller(fetcher(metrics, clock), new FeedParser(), new NewsItemMapper(), publisher, newsTopic, metrics, clock);
    }

    @AfterEach
    void tearDown() {
        publisher.close();
        http.close();
    }

    @Test
    void publishesOneRecordPerItemWithEnvelopeAndCursorInOneTransaction() throws Exception {
        http.respond("/tech.xml", Response.ok(RSS, Fixtures.feed("rss2-cdata-html-rfc822.xml")));
        FeedState feed = feed("/tech.xml");

        PollOutcome outcome = poller.poll(feed);

        assertThat(outcome).isEqualTo(PollOutcome.published(3));
        List<ConsumerRecord<String, byte[]>> records = readCommitted(broker, newsTopic);
        assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(KAFKA_ARTICLE,
                DocumentIds.newsByLink("https://www.example.org/tech/postgres-18-beta"),
                DocumentIds.newsByGuid(http.url("/tech.xml"), "liveblog-2025-01-13"));
        for (ConsumerRecord<String, byte[]> record : records) {
            assertThat(CloudEventHeaders.text(record.headers(), CloudEventHeaders.ID)).isEqualTo(record.key());
            assertThat(CloudEventHeaders.text(record.headers(), CloudEventHeaders.SOURCE)).isEqualTo(http.url("/tech.xml"));
            assertThat(CloudEventHeaders.text(record.headers(), CloudEventHeaders.TYPE)).isEqualTo("io.databroker.news.item.v1");
            assertThat(Json.mapper().readTree(record.value()).get("id").asString()).isEqualTo(record.key());
        }
        List<ConsumerRecord<String, byte[]>> cursors = readCommitted(broker, stateTopic);
        assertThat(cursors).extracting(ConsumerRecord::key).containsExactly("news:" + http.url("/tech.xml"));
        assertThat(FeedCursor.fromJson(cursors.get(0).value()).items()).hasSize(3).containsKey(KAFKA_ARTICLE);
        assertThat(feed.cursor()).isEqualTo(FeedCursor.fromJson(cursors.get(0).value()));
        assertThat(registry.get("broker.events.skipped").tag("reason", "no_link_or_guid").counter().count()).isEqualTo(1.0);
    }

    @Test
    void republishesOnlyItemsWhoseContentChangedAndNeverAnUnchangedOne() throws Exception {
        byte[] original = Fixtures.feed("rss2-cdata-html-rfc822.xml");
        byte[] edited = new String(original, StandardCharsets.UTF_8).replace("Beta 1 is out.", "Beta 2 is out.")
                .getBytes(StandardCharsets.UTF_8);
        http.respond("/tech.xml", Response.ok(RSS, original), Response.ok(RSS, original), Response.ok(RSS, edited));
        FeedState feed = feed("/tech.xml");

        poller.poll(feed);
        PollOutcome unchanged = poller.poll(feed);
        PollOutcome changed = poller.poll(feed);

        assertThat(unchanged.published()).isZero();
        assertThat(changed.published()).isEqualTo(1);
        assertThat(readCommitted(broker, newsTopic)).extracting(ConsumerRecord::key)
                .filteredOn(DocumentIds.newsByLink("https://www.example.org/tech/postgres-18-beta")::equals).hasSize(2);
        assertThat(readCommitted(broker, newsTopic)).hasSize(4);
        assertThat(readCommitted(broker, stateTopic)).as("no cursor write for a poll that changed nothing").hasSize(2);
    }

    @Test
    void sendsStoredValidatorsAndPublishesNothingOn304() throws Exception {
        http.respond("/tech.xml",
                Response.ok(RSS, Fixtures.feed("rss2-cdata-html-rfc822.xml"))
                        .withHeader("ETag", "\"v1\"")
                        .withHeader("Last-Modified", "Tue, 14 Jan 2025 10:05:00 GMT"),
                Response.of(304));
        FeedState feed = feed("/tech.xml");

        poller.poll(feed);
        PollOutcome second = poller.poll(feed);

        assertThat(second.result()).isEqualTo(PollResult.NOT_MODIFIED);
        List<FixtureHttpServer.RecordedRequest> requests = http.requests("/tech.xml");
        assertThat(requests.get(0).header("If-None-Match")).isEmpty();
        assertThat(requests.get(1).header("If-None-Match")).contains("\"v1\"");
        assertThat(requests.get(1).header("If-Modified-Since")).contains("Tue, 14 Jan 2025 10:05:00 GMT");
        assertThat(requests.get(1).header("Accept")).hasValueSatisfying(a -> assertThat(a).contains("application/rss+xml"));
        assertThat(readCommitted(broker, newsTopic)).hasSize(3);
        assertThat(readCommitted(broker, stateTopic)).hasSize(1);
    }

    @Test
    void permanentRedirectMovesTheFeedKeepingItsIdentity() throws Exception {
        http.respond("/old.xml", Response.of(301).withHeader("Location", "/new.xml"));
        http.respond("/new.xml", Response.ok(RSS, Fixtures.feed("rss2-cdata-html-rfc822.xml")).withHeader("ETag", "\"n1\""),
                Response.of(304));
        FeedState feed = feed("/old.xml");

        poller.poll(feed);
        PollOutcome second = poller.poll(feed);

        assertThat(second.result()).isEqualTo(PollResult.NOT_MODIFIED);
        assertThat(http.requests("/old.xml")).as("the old URL is not asked again").hasSize(1);
        assertThat(http.requests("/new.xml")).hasSize(2);
        assertThat(http.requests("/new.xml").get(1).header("If-None-Match")).contains("\"n1\"");
        ConsumerRecord<String, byte[]> cursor = readCommitted(broker, stateTopic).get(0);
        assertThat(cursor.key()).isEqualTo("news:" + http.url("/old.xml"));
        assertThat(FeedCursor.fromJson(cursor.value()).location()).isEqualTo(http.url("/new.xml"));
        assertThat(readCommitted(broker, newsTopic)).extracting(ConsumerRecord::key)
                .contains(DocumentIds.newsByGuid(http.url("/old.xml"), "liveblog-2025-01-13"));
    }

    @Test
    void temporaryRedirectIsFollowedWithoutMovingTheFeed() throws Exception {
        http.respond("/feed.xml", Response.of(302).withHeader("Location", http.url("/today.xml")));
        http.respond("/today.xml", Response.ok(RSS, Fixtures.feed("rss2-cdata-html-rfc822.xml")));
        FeedState feed = feed("/feed.xml");

        poller.poll(feed);
        poller.poll(feed);

        assertThat(http.requests("/feed.xml")).hasSize(2);
        assertThat(feed.cursor().location()).isEqualTo(http.url("/feed.xml"));
        assertThat(readCommitted(broker, newsTopic)).hasSize(3);
    }

    @Test
    void permanentHopAfterATemporaryOneDoesNotMoveTheFeed() throws Exception {
        http.respond("/a.xml", Response.of(307).withHeader("Location", "/b.xml"));
        http.respond("/b.xml", Response.of(301).withHeader("Location", "/c.xml"));
        http.respond("/c.xml", Response.ok(RSS, Fixtures.feed("atom-html-content.xml")));
        FeedState feed = feed("/a.xml");

        poller.poll(feed);

        assertThat(feed.cursor().location()).isEqualTo(http.url("/a.xml"));
    }

    @Test
    void redirectLoopsAndDowngradesAreRefused() throws Exception {
        http.respond("/loop.xml", Response.of(301).withHeader("Location", "/loop.xml"));
        http.respond("/nowhere.xml", Response.of(302));
        FeedState loop = feed("/loop.xml");

        assertThatThrownBy(() -> poller.poll(loop)).isInstanceOf(RedirectRefusedException.class)
                .hasMessageContaining("more than 5 redirects");
        assertThat(http.requests("/loop.xml")).hasSize(6);
        assertThatThrownBy(() -> poller.poll(feed("/nowhere.xml"))).isInstanceOf(RedirectRefusedException.class)
                .hasMessageContaining("without a Location");
        assertThat(loop.cursor()).isEqualTo(FeedCursor.empty(http.url("/loop.xml")));
    }

    @Test
    void goneFeedIsDisabled() throws Exception {
        http.respond("/gone.xml", Response.of(410));
        FeedState feed = feed("/gone.xml");

        assertThatThrownBy(() -> poller.poll(feed)).isInstanceOf(SourceHttpException.class);

        assertThat(feed.disabled()).isTrue();
        assertThat(feed.disabledBecause()).contains("410");
        assertThat(readCommitted(broker, stateTopic)).isEmpty();
    }

    @Test
    void malformedFeedAndHtmlPageFailWithTheFeedUrlAndLeaveTheCursor() throws Exception {
        http.respond("/broken.xml", Response.ok(RSS, Fixtures.feed("rss2-truncated-malformed.xml")));
        http.respond("/html.xml", Response.ok("text/html", Fixtures.feed("html-error-page.html")));
        FeedState broken = feed("/broken.xml");

        assertThatThrownBy(() -> poller.poll(broken)).isInstanceOf(MalformedSourceDataException.class)
                .hasMessageContaining(http.url("/broken.xml"));
        assertThatThrownBy(() -> poller.poll(feed("/html.xml"))).isInstanceOf(MalformedSourceDataException.class);
        assertThat(broken.cursor()).isEqualTo(FeedCursor.empty(http.url("/broken.xml")));
        assertThat(readCommitted(broker, newsTopic)).isEmpty();
    }

    /**
     * Issue 11, source side: a feed server that trickles its headers or body, falls silent after its headers, or sends
     * an endless body makes the poll end with an error naming the limit that ended it (read timeout, body cap);
     * nothing is published, the cursor stays where it was, and when the server recovers the next poll publishes every
     * item. The timeout only turns a hang into a failure.
     */
    @ParameterizedTest
    @EnumSource(Behaviour.class)
    @Timeout(180)
    void aHostileServerEndsThePollAtItsLimitAndLeavesTheCursorForTheNextGoodPoll(Behaviour behaviour) throws Exception {
        Duration readTimeout = Duration.ofSeconds(2);
        FeedPoller impatient = new FeedPoller(fetcher(metrics, clock, readTimeout), new FeedParser(), new NewsItemMapper(),
                publisher, newsTopic, metrics, clock);
        try (HostileHttpServer hostile = HostileHttpServer.start(Duration.ofMillis(100))) {
            hostile.on("/feed.xml", behaviour);
            FeedState feed = feedAt(hostile.url("/feed.xml"));

            Throwable failure = catchThrowable(() -> impatient.poll(feed));

            if (behaviour == Behaviour.ENDLESS_BODY) {
                assertThat(PollFailures.classify(failure)).isEqualTo(PollResult.MALFORMED);
                assertThat(failure).hasStackTraceContaining("larger than 1000000 bytes");
            } else {
                assertThat(PollFailures.classify(failure)).isEqualTo(PollResult.IO_ERROR);
                assertThat(failure).as("the poller names the feed; the cause is the fetch's timeout")
                        .hasCauseInstanceOf(HttpTimeoutException.class);
                if (behaviour != Behaviour.TRICKLE_HEADERS) {
                    // The JDK's own header timeout says only "request timed out"; ours names the limit.
                    assertThat(failure).hasStackTraceContaining("took longer than " + readTimeout + " (read timeout)");
                }
            }
            assertNothingPublishedAndCursorUnchanged(feed);

            hostile.recover("/feed.xml", Response.ok(RSS, Fixtures.feed("rss2-cdata-html-rfc822.xml")));
            assertThat(impatient.poll(feed)).isEqualTo(PollOutcome.published(3));
            // Commit markers reach the partitions shortly after the commit returns.
            Await.until(TIMEOUT, "the feed's cursor on " + stateTopic, () -> readCommitted(broker, stateTopic).size() == 1);
        }
    }

    @Test
    void aGzipBombEndsAtTheDecodedBodyCapAndTheNextGoodResponseIsReadInFull() throws Exception {
        http.respond("/feed.xml",
                Response.ok(RSS, HostileHttpServer.gzipBomb(200_000_000)).withHeader("Content-Encoding", "gzip"),
                Response.ok(RSS, Fixtures.feed("rss2-cdata-html-rfc822.xml")));
        FeedState feed = feed("/feed.xml");

        Throwable failure = catchThrowable(() -> poller.poll(feed));

        assertThat(PollFailures.classify(failure)).isEqualTo(PollResult.MALFORMED);
        assertThat(failure).hasStackTraceContaining("larger than 1000000 bytes");
        assertNothingPublishedAndCursorUnchanged(feed);
        assertThat(poller.poll(feed)).isEqualTo(PollOutcome.published(3));
    }

    private void assertNothingPublishedAndCursorUnchanged(FeedState feed) {
        assertThat(feed.cursor()).isEqualTo(FeedCursor.empty(feed.feedUrl()));
        assertThat(readCommitted(broker, stateTopic)).as("no cursor written").isEmpty();
        assertThat(readCommitted(broker, newsTopic)).as("no item published").isEmpty();
    }

    private FeedState feed(String path) {
        return feedAt(http.url(path));
    }

    private FeedState feedAt(String url) {
        return new FeedState(new FeedSource(URI.create(url), null, null, Duration.ofMinutes(10)), FeedCursor.empty(url),
                new PollHealth(clock, Duration.ofMinutes(30)));
    }

    /** Fetch settings for tests: no pacing, one attempt, small waits. */
    static FeedFetcher fetcher(IngestMetrics metrics, Clock clock) {
        return fetcher(metrics, clock, Duration.ofSeconds(10));
    }

    static FeedFetcher fetcher(IngestMetrics metrics, Clock clock, Duration readTimeout) {
        return new FeedFetcher(new FetchSettings(Duration.ofSeconds(5), readTimeout, 1_000_000, "ingest-news-it",
                Duration.ZERO, 1, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(1)), 5, clock, metrics);
    }

    static TransactionalPublisher publisher(KafkaBroker broker, String transactionalId, String stateTopic) {
        Map<String, Object> producer = new HashMap<>();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        producer.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new TransactionalPublisher(() -> new KafkaProducer<>(producer), stateTopic);
    }

    static Map<String, Object> consumerConfig(KafkaBroker broker) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    static IngestStateReader stateReader(KafkaBroker broker, String stateTopic) {
        return new IngestStateReader(() -> new KafkaConsumer<>(consumerConfig(broker)), stateTopic, TIMEOUT);
    }

    /** Every committed record of {@code topic}, read from the beginning to the last stable offset (read_committed). */
    static List<ConsumerRecord<String, byte[]>> readCommitted(KafkaBroker broker, String topic) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig(broker))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                assertThat(System.nanoTime()).as("reading %s to its end", topic).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
