package io.databroker.ingest.news.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
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

import io.databroker.ingest.news.publish.IngestStateReader;
import io.databroker.ingest.news.publish.NewsItemMapper;
import io.databroker.ingest.news.publish.NewsRecordPublisher;
import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.json.Json;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.Response;
import io.databroker.testsupport.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The poller against a real broker and a fixture HTTP server: exactly-once publication of items with their
 * cursor, conditional GET, failure isolation between feeds and restart from the cursors on broker_ingest_state.
 */
class FeedPollerIT {

    private static final String RSS = "application/rss+xml; charset=utf-8";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final KafkaBroker broker = KafkaBroker.shared();
    private final String suffix = "-" + UUID.randomUUID();
    private final String newsTopic = "news_feed" + suffix;
    private final String stateTopic = "broker_ingest_state" + suffix;
    private final String transactionalId = "ingest-news-it" + suffix;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<FeedPoller> pollers = new ArrayList<>();
    private final List<NewsRecordPublisher> publishers = new ArrayList<>();
    private FixtureHttpServer http;

    @BeforeEach
    void setUp() {
        broker.createTopic(newsTopic, 3);
        broker.createTopic(stateTopic, 1, Map.of("cleanup.policy", "compact"));
        http = FixtureHttpServer.start();
    }

    @AfterEach
    void tearDown() {
        publishers.forEach(NewsRecordPublisher::close);
        http.close();
    }

    @Test
    void publishesOneRecordPerItemWithEnvelopeAndCursorInOneTransaction() throws Exception {
        http.respond("/tech.xml", Response.ok(RSS, fixture("rss2-cdata-html-rfc822.xml")));
        FeedPoller poller = startPoller(http.url("/tech.xml"));

        poller.pollAll();

        List<ConsumerRecord<String, byte[]>> records = readCommitted(newsTopic);
        assertThat(records).hasSize(3);
        String liveblogId = DocumentIds.newsByGuid(http.url("/tech.xml"), "liveblog-2025-01-13");
        assertThat(records).extracting(ConsumerRecord::key).contains(
                DocumentIds.newsByLink("https://www.example.org/tech/kafka-4-2?ref=front"), liveblogId);
        for (ConsumerRecord<String, byte[]> record : records) {
            assertThat(CloudEventHeaders.text(record.headers(), CloudEventHeaders.ID)).isEqualTo(record.key());
            assertThat(CloudEventHeaders.text(record.headers(), CloudEventHeaders.SOURCE)).isEqualTo(http.url("/tech.xml"));
            assertThat(CloudEventHeaders.text(record.headers(), CloudEventHeaders.TYPE)).isEqualTo("io.databroker.news.item.v1");
            assertThat(CloudEventHeaders.text(record.headers(), CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
            assertThat(Json.mapper().readTree(record.value()).get("id").asString()).isEqualTo(record.key());
        }
        ConsumerRecord<String, byte[]> kafka = records.stream()
                .filter(r -> r.key().equals(DocumentIds.newsByLink("https://www.example.org/tech/kafka-4-2?ref=front")))
                .findFirst().orElseThrow();
        assertThat(CloudEventHeaders.text(kafka.headers(), CloudEventHeaders.TIME)).isEqualTo("2025-01-14T08:30:00Z");

        List<ConsumerRecord<String, byte[]>> cursors = readCommitted(stateTopic);
        assertThat(cursors).extracting(ConsumerRecord::key).containsExactly("news:" + http.url("/tech.xml"));
        assertThat(FeedCursor.fromJson(cursors.get(0).value()).items()).hasSize(3);
        assertThat(pollCount("ok")).isEqualTo(1.0);
    }

    @Test
    void secondPollOfUnchangedFeedPublishesNothing() throws Exception {
        http.respond("/tech.xml", Response.ok(RSS, fixture("rss2-cdata-html-rfc822.xml")));
        FeedPoller poller = startPoller(http.url("/tech.xml"));

        poller.pollAll();
        poller.pollAll();

        assertThat(readCommitted(newsTopic)).hasSize(3);
        assertThat(readCommitted(stateTopic)).hasSize(1);
        assertThat(pollCount("ok")).isEqualTo(2.0);
    }

    @Test
    void sendsStoredValidatorsAndPublishesNothingOn304() throws Exception {
        http.respond("/tech.xml",
                Response.ok(RSS, fixture("rss2-cdata-html-rfc822.xml"))
                        .withHeader("ETag", "\"v1\"")
                        .withHeader("Last-Modified", "Tue, 14 Jan 2025 10:05:00 GMT"),
                Response.of(304));
        FeedPoller poller = startPoller(http.url("/tech.xml"));

        poller.pollAll();
        FeedPoller.FeedOutcome second = poller.poll(URI.create(http.url("/tech.xml")));

        assertThat(second.result()).isEqualTo(PollResult.NOT_MODIFIED);
        List<FixtureHttpServer.RecordedRequest> requests = http.requests("/tech.xml");
        assertThat(requests.get(0).header("If-None-Match")).isEmpty();
        assertThat(requests.get(1).header("If-None-Match")).contains("\"v1\"");
        assertThat(requests.get(1).header("If-Modified-Since")).contains("Tue, 14 Jan 2025 10:05:00 GMT");
        assertThat(readCommitted(newsTopic)).hasSize(3);
        assertThat(pollCount("not_modified")).isEqualTo(1.0);
    }

    @Test
    void failingFeedsDoNotStopTheGoodOneAndKeepTheirCursors() throws Exception {
        http.respond("/broken.xml", Response.ok(RSS, fixture("rss2-truncated-malformed.xml")));
        http.respond("/error.xml", Response.of(500));
        http.respond("/cut.xml", Response.ok(RSS, fixture("rss2-cdata-html-rfc822.xml")).truncatedAfter(200));
        http.respond("/good.xml", Response.ok(RSS, fixture("atom-html-content.xml")));
        FeedPoller poller = startPoller(http.url("/broken.xml"), http.url("/error.xml"), http.url("/cut.xml"),
                http.url("/good.xml"));

        poller.pollAll();

        assertThat(readCommitted(newsTopic)).hasSize(2)
                .allSatisfy(r -> assertThat(CloudEventHeaders.text(r.headers(), CloudEventHeaders.SOURCE))
                        .isEqualTo(http.url("/good.xml")));
        assertThat(readCommitted(stateTopic)).extracting(ConsumerRecord::key)
                .containsExactly("news:" + http.url("/good.xml"));
        assertThat(poller.cursor(http.url("/broken.xml"))).isEqualTo(FeedCursor.empty(http.url("/broken.xml")));
        assertThat(pollCount("malformed")).isEqualTo(1.0);
        assertThat(pollCount("http_error")).isEqualTo(1.0);
        assertThat(pollCount("io_error")).isEqualTo(1.0);
        assertThat(pollCount("ok")).isEqualTo(1.0);
    }

    @Test
    void newPollerInstanceRestoresCursorsAndRepublishesOnlyChangedItems() throws Exception {
        byte[] feed = fixture("rss2-cdata-html-rfc822.xml");
        byte[] edited = new String(feed, StandardCharsets.UTF_8).replace("Beta 1 is out.", "Beta 2 is out.")
                .getBytes(StandardCharsets.UTF_8);
        http.respond("/tech.xml", Response.ok(RSS, feed), Response.ok(RSS, feed), Response.ok(RSS, edited));
        startPoller(http.url("/tech.xml")).pollAll();
        publishers.get(0).close();

        FeedPoller restarted = startPoller(http.url("/tech.xml"));
        FeedPoller.FeedOutcome unchanged = restarted.poll(URI.create(http.url("/tech.xml")));
        FeedPoller.FeedOutcome changed = restarted.poll(URI.create(http.url("/tech.xml")));

        assertThat(unchanged).isEqualTo(new FeedPoller.FeedOutcome(PollResult.OK, 0));
        assertThat(changed).isEqualTo(new FeedPoller.FeedOutcome(PollResult.OK, 1));
        List<ConsumerRecord<String, byte[]>> records = readCommitted(newsTopic);
        assertThat(records).hasSize(4);
        assertThat(records).extracting(ConsumerRecord::key)
                .filteredOn(DocumentIds.newsByLink("https://www.example.org/tech/postgres-18-beta")::equals).hasSize(2);
    }

    private FeedPoller startPoller(String... feeds) {
        Map<String, Object> producer = new HashMap<>();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        producer.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        NewsRecordPublisher publisher = new NewsRecordPublisher(() -> new KafkaProducer<>(producer), newsTopic, stateTopic);
        publishers.add(publisher);
        IngestStateReader reader = new IngestStateReader(() -> new KafkaConsumer<>(consumerConfig()), stateTopic, TIMEOUT);
        Clock clock = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);
        FeedPoller poller = new FeedPoller(List.of(feeds).stream().map(URI::create).toList(),
                new FeedFetcher(FeedFetcher.newHttpClient(Duration.ofSeconds(5)), Duration.ofSeconds(10), 1_000_000, "it"),
                new FeedParser(), new NewsItemMapper(), publisher, reader, new PollHealth(clock, Duration.ofMinutes(30)),
                clock, meters);
        poller.start();
        pollers.add(poller);
        return poller;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    /** Every committed record of {@code topic}, read from the beginning to the last stable offset. */
    private List<ConsumerRecord<String, byte[]>> readCommitted(String topic) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig())) {
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

    private double pollCount(String result) {
        var counter = meters.find("broker.ingest.polls").tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    private static byte[] fixture(String name) {
        return FixtureHttpServer.resource("fixtures/rss/" + name);
    }
}
