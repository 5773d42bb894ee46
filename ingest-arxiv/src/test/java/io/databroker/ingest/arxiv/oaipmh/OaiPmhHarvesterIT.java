package io.databroker.ingest.arxiv.oaipmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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

import io.databroker.ingest.arxiv.publish.ArxivRecordMapper;
import io.databroker.ingest.core.health.PollHealth;
import io.databroker.ingest.core.http.FetchSettings;
import io.databroker.ingest.core.http.HttpFetcher;
import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.ingest.core.poll.PollingLoop;
import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.core.state.IngestStateReader;
import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.shared.json.Json;
import io.databroker.shared.metrics.MetricNames;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.Response;
import io.databroker.testsupport.HostileHttpServer;
import io.databroker.testsupport.HostileHttpServer.Behaviour;
import io.databroker.testsupport.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * The harvester against a real broker and a local OAI-PMH endpoint playing our fixtures: paging by resumption token,
 * restart in the middle of a window, flow control, OAI error codes and bad pages, checked with read_committed.
 */
class OaiPmhHarvesterIT {

    private static final String XML = "text/xml; charset=utf-8";
    private static final LocalDate FROM = LocalDate.of(2014, 10, 1);
    private static final Duration INTERVAL = Duration.ofHours(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String WINDOW = "/oai?verb=ListRecords&metadataPrefix=arXivRaw&from=2014-10-01";
    private static final String PAGE_2 = "/oai?verb=ListRecords&resumptionToken=726959%7C1001";
    private static final String PAGE_3 = "/oai?verb=ListRecords&resumptionToken=726959%7C2001";
    private static final String NEXT_WINDOW = "/oai?verb=ListRecords&metadataPrefix=arXivRaw&from=2014-12-22";

    private static final List<String> PAGE_1_IDS = List.of("arxiv:0704.0471v1", "arxiv:0704.0716v1", "arxiv:0704.0716v2",
            "arxiv:0704.0716v3", "arxiv:0704.0716v4", "arxiv:0704.0874v1", "arxiv:0704.0874v2", "arxiv:0704.0874v3");
    private static final List<String> PAGE_2_IDS = List.of("arxiv:0704.1109v1", "arxiv:0704.1109v2", "arxiv:0704.1114v1",
            "arxiv:0704.0002v1");
    private static final List<String> PAGE_3_IDS = List.of("arxiv:0704.1586v1", "arxiv:1302.2146v1", "arxiv:1302.2146v2");

    private final KafkaBroker broker = KafkaBroker.shared();
    private final String suffix = "-" + UUID.randomUUID();
    private final String arxivTopic = "arxiv_raw" + suffix;
    private final String stateTopic = "broker_ingest_state" + suffix;
    private final String transactionalId = "ingest-arxiv-it" + suffix;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<TransactionalPublisher> publishers = new ArrayList<>();
    private FixtureHttpServer http;

    @BeforeEach
    void setUp() {
        broker.createTopic(arxivTopic, 3);
        broker.createTopic(stateTopic, 1, Map.of("cleanup.policy", "compact"));
        http = FixtureHttpServer.start();
    }

    @AfterEach
    void tearDown() {
        publishers.forEach(TransactionalPublisher::close);
        http.close();
    }

    @Test
    void harvestsEveryPageOfAWindowOnceThenCatchesUp() throws Exception {
        scriptThreePages();
        http.respond(NEXT_WINDOW, ok("error-no-records-match.xml"));
        Harvest harvest = startHarvest();

        assertThat(harvest.loop.pollOnce()).as("more pages: next poll at once").isZero();
        assertThat(harvest.loop.pollOnce()).isZero();
        assertThat(harvest.loop.pollOnce()).as("window complete: regular interval").isEqualTo(INTERVAL);
        HarvestCursor afterWindow = harvest.harvester.cursor(null);
        harvest.loop.pollOnce();

        assertThat(afterWindow.from()).as("next window from the highest datestamp seen").isEqualTo(LocalDate.of(2014, 12, 22));
        assertThat(afterWindow.resumptionToken()).isNull();
        assertThat(http.requests()).extracting(FixtureHttpServer.RecordedRequest::pathAndQuery)
                .containsExactly(WINDOW, PAGE_2, PAGE_3, NEXT_WINDOW);
        List<ConsumerRecord<String, byte[]>> records = awaitCommitted(arxivTopic, 15);
        assertThat(records).extracting(r -> CloudEventHeaders.text(r.headers(), CloudEventHeaders.ID))
                .containsExactlyInAnyOrderElementsOf(concat(PAGE_1_IDS, PAGE_2_IDS, PAGE_3_IDS));
        assertThat(polls("ok")).isEqualTo(3.0);
        assertThat(polls("not_modified")).isEqualTo(1.0);
        Await.until(TIMEOUT, "the caught-up cursor on the state topic",
                () -> Instant.parse("2015-06-23T13:28:30Z").equals(storedCursor().harvestedUntil()));
    }

    @Test
    void publishesDeletedRecordsAsTombstoneEvents() throws Exception {
        scriptThreePages();
        Harvest harvest = startHarvest();
        harvest.loop.pollOnce();
        harvest.loop.pollOnce();

        ConsumerRecord<String, byte[]> deleted = awaitCommitted(arxivTopic, PAGE_1_IDS.size() + PAGE_2_IDS.size()).stream()
                .filter(r -> r.key().equals("0704.0002")).findFirst().orElseThrow();
        JsonNode value = Json.mapper().readTree(deleted.value());
        assertThat(value.get("deleted").asBoolean()).isTrue();
        assertThat(value.get("datestamp").asString()).isEqualTo("2014-11-20");
        assertThat(value.has("title")).isFalse();
    }

    @Test
    void aRestartInTheMiddleOfAWindowResumesAtTheStoredTokenWithoutDuplicatesOrGaps() throws Exception {
        scriptThreePages();
        Harvest first = startHarvest();
        first.loop.pollOnce();
        first.loop.pollOnce();
        // The process dies in the middle of page 3: some of its records are in an open transaction.
        TransactionalPublisher.Transaction open = first.publisher.begin();
        open.send(new ProducerRecord<>(arxivTopic, "0704.1586", "{\"half\":\"page 3\"}".getBytes(StandardCharsets.UTF_8)));

        Harvest restarted = startHarvest();
        HarvestCursor resumed = restarted.harvester.cursor(null);
        restarted.loop.pollOnce();

        assertThat(resumed.resumptionToken()).isEqualTo("726959|2001");
        assertThat(http.requests()).extracting(FixtureHttpServer.RecordedRequest::pathAndQuery)
                .containsExactly(WINDOW, PAGE_2, PAGE_3);
        assertThat(awaitCommitted(arxivTopic, 15)).extracting(r -> CloudEventHeaders.text(r.headers(), CloudEventHeaders.ID))
                .containsExactlyInAnyOrderElementsOf(concat(PAGE_1_IDS, PAGE_2_IDS, PAGE_3_IDS));
    }

    @Test
    void waitsOutA503WithRetryAfterThenHarvestsThePage() throws Exception {
        http.respond(WINDOW, Response.of(503).withHeader("Retry-After", "1"), ok("list-records-arxivraw-page-1.xml"));
        Harvest harvest = startHarvest();

        harvest.loop.pollOnce();

        assertThat(http.requests(("/oai"))).hasSize(2);
        assertThat(harvest.harvester.cursor(null).resumptionToken()).isEqualTo("726959|1001");
        assertThat(awaitCommitted(arxivTopic, PAGE_1_IDS.size())).hasSize(PAGE_1_IDS.size());
        assertThat(requests("503")).isEqualTo(1.0);
    }

    @Test
    void aBadResumptionTokenRestartsTheWindowFromItsDatestamp() throws Exception {
        http.respond(WINDOW, ok("list-records-arxivraw-page-1.xml"));
        http.respond(PAGE_2, ok("error-bad-resumption-token.xml"));
        Harvest harvest = startHarvest();

        harvest.loop.pollOnce();
        assertThat(harvest.loop.pollOnce()).as("restart at once").isZero();
        HarvestCursor restarted = harvest.harvester.cursor(null);
        harvest.loop.pollOnce();

        assertThat(restarted.resumptionToken()).isNull();
        assertThat(restarted.from()).isEqualTo(FROM);
        assertThat(http.requests()).extracting(FixtureHttpServer.RecordedRequest::pathAndQuery)
                .containsExactly(WINDOW, PAGE_2, WINDOW);
        Await.until(TIMEOUT, "the restarted window's cursor on the state topic",
                () -> "726959|1001".equals(storedCursor().resumptionToken()));
    }

    @Test
    void noRecordsMatchMeansCaughtUpAndLeavesFromWhereItWas() throws Exception {
        http.respond(WINDOW, ok("error-no-records-match.xml"));
        Harvest harvest = startHarvest();

        assertThat(harvest.loop.pollOnce()).isEqualTo(INTERVAL);

        assertThat(harvest.harvester.cursor(null).from()).isEqualTo(FROM);
        assertThat(polls("not_modified")).isEqualTo(1.0);
        assertThat(readCommitted(arxivTopic)).isEmpty();
        assertThat(harvest.health.isHealthy()).isTrue();
    }

    @Test
    void otherOaiErrorsFailThePollWithoutMovingTheCursor() throws Exception {
        http.respond(WINDOW, ok("error-bad-argument.xml"));
        Harvest harvest = startHarvest();

        harvest.loop.pollOnce();

        assertThat(polls("source_error")).isEqualTo(1.0);
        assertThat(harvest.harvester.cursor(null)).isEqualTo(HarvestCursor.initial("arXivRaw", null, FROM));
    }

    @Test
    void malformedXmlLeavesTheCursorWhereItWasAndIsRetried() throws Exception {
        http.respond(WINDOW, ok("list-records-arxivraw-page-1.xml"));
        http.respond(PAGE_2, ok("malformed-page-2-unclosed-tag.xml"));
        Harvest harvest = startHarvest();
        harvest.loop.pollOnce();

        harvest.loop.pollOnce();

        assertThat(polls("malformed")).isEqualTo(1.0);
        assertThat(harvest.harvester.cursor(null).resumptionToken()).isEqualTo("726959|1001");
        Await.until(TIMEOUT, "page 1's cursor on the state topic", () -> "726959|1001".equals(storedCursor().resumptionToken()));
        assertThat(awaitCommitted(arxivTopic, PAGE_1_IDS.size())).as("page 2's first record was sent, then aborted")
                .extracting(r -> CloudEventHeaders.text(r.headers(), CloudEventHeaders.ID))
                .containsExactlyInAnyOrderElementsOf(PAGE_1_IDS);

        http.respond(PAGE_2, ok("list-records-arxivraw-page-2.xml"));
        harvest.loop.pollOnce();
        assertThat(harvest.harvester.cursor(null).resumptionToken()).isEqualTo("726959|2001");
        assertThat(awaitCommitted(arxivTopic, PAGE_1_IDS.size() + PAGE_2_IDS.size())).hasSize(PAGE_1_IDS.size() + PAGE_2_IDS.size());
    }

    @Test
    void aTruncatedBodyLeavesTheCursorWhereItWas() throws Exception {
        byte[] page2 = Fixtures.bytes("list-records-arxivraw-page-2.xml");
        http.respond(WINDOW, ok("list-records-arxivraw-page-1.xml"));
        http.respond(PAGE_2, Response.ok(XML, page2).truncatedAfter(page2.length * 2 / 3));
        Harvest harvest = startHarvest();
        harvest.loop.pollOnce();

        harvest.loop.pollOnce();

        assertThat(polls("io_error") + polls("malformed")).isEqualTo(1.0);
        assertThat(harvest.harvester.cursor(null).resumptionToken()).isEqualTo("726959|1001");
        assertThat(awaitCommitted(arxivTopic, PAGE_1_IDS.size())).hasSize(PAGE_1_IDS.size());
        assertThat(harvest.health.lastProblem()).hasValueSatisfying(p -> assertThat(p).contains(PAGE_2.substring(4)));
    }

    @Test
    void anHtmlPageWithStatus200IsBadDataNotRecords() throws Exception {
        http.respond(WINDOW, Response.okResource("text/html; charset=utf-8", "fixtures/oaipmh/html-error-page.html"));
        Harvest harvest = startHarvest();

        harvest.loop.pollOnce();

        assertThat(polls("malformed")).isEqualTo(1.0);
        assertThat(harvest.harvester.cursor(null)).isEqualTo(HarvestCursor.initial("arXivRaw", null, FROM));
        assertThat(readCommitted(arxivTopic)).isEmpty();
    }

    @Test
    void harvestsEachSetWithItsOwnCursor() throws Exception {
        http.respond("/oai?verb=ListRecords&metadataPrefix=arXivRaw&from=2014-10-01&set=math",
                ok("list-records-arxivraw-page-3-last.xml"));
        http.respond("/oai?verb=ListRecords&metadataPrefix=arXivRaw&from=2014-10-01&set=physics%3Ahep-th",
                ok("error-no-records-match.xml"));
        Harvest harvest = startHarvest(List.of("math", "physics:hep-th"));

        assertThat(harvest.loop.pollOnce()).as("the next set follows at once").isZero();
        assertThat(harvest.loop.pollOnce()).isEqualTo(INTERVAL);

        assertThat(harvest.harvester.cursor("math").from()).isEqualTo(LocalDate.of(2014, 11, 18));
        assertThat(harvest.harvester.cursor("physics:hep-th").from()).isEqualTo(FROM);
        assertThat(awaitCommitted(arxivTopic, PAGE_3_IDS.size())).hasSize(PAGE_3_IDS.size());
    }

    private void scriptThreePages() {
        http.respond(WINDOW, ok("list-records-arxivraw-page-1.xml"));
        http.respond(PAGE_2, ok("list-records-arxivraw-page-2.xml"));
        http.respond(PAGE_3, ok("list-records-arxivraw-page-3-last.xml"));
    }

    /**
     * Issue 11, source side: an endpoint that trickles its headers or body, falls silent after its headers, or sends
     * an endless body makes the poll end at the configured limit (read timeout, body cap) and count as a failed poll;
     * the window's cursor stays where it was, and the endpoint's next good answer is harvested in full.
     */
    @ParameterizedTest
    @EnumSource(Behaviour.class)
    @Timeout(180)
    void aHostileEndpointEndsThePollAtItsLimitAndLeavesTheCursorForTheNextGoodAnswer(Behaviour behaviour) throws Exception {
        try (HostileHttpServer hostile = HostileHttpServer.start(Duration.ofMillis(100))) {
            hostile.on("/oai", behaviour);
            Harvest harvest = startHarvest(List.of(), URI.create(hostile.url("/oai")), Duration.ofSeconds(2), 1_000_000);

            harvest.loop.pollOnce();

            assertThat(polls(behaviour == Behaviour.ENDLESS_BODY ? "malformed" : "io_error")).isEqualTo(1.0);
            assertThat(harvest.harvester.cursor(null).from()).isEqualTo(FROM);
            assertThat(harvest.harvester.cursor(null).resumptionToken()).isNull();
            assertThat(readCommitted(stateTopic)).as("no cursor written").isEmpty();
            assertThat(readCommitted(arxivTopic)).as("nothing published").isEmpty();

            hostile.recover("/oai", ok("list-records-arxivraw-page-3-last.xml"));
            harvest.loop.pollOnce();
            assertThat(polls("ok")).isEqualTo(1.0);
            assertThat(awaitCommitted(arxivTopic, PAGE_3_IDS.size()))
                    .extracting(r -> CloudEventHeaders.text(r.headers(), CloudEventHeaders.ID))
                    .containsExactlyInAnyOrderElementsOf(PAGE_3_IDS);
        }
    }

    @Test
    void aGzipBombIsStoppedAtTheDecodedBodyCapAndTheNextGoodAnswerIsHarvested() throws Exception {
        http.respond("/oai", Response.ok(XML, HostileHttpServer.gzipBomb(200_000_000)).withHeader("Content-Encoding", "gzip"),
                ok("list-records-arxivraw-page-3-last.xml"));
        Harvest harvest = startHarvest(List.of(), URI.create(http.url("/oai")), Duration.ofSeconds(10), 1_000_000);

        harvest.loop.pollOnce();

        assertThat(polls("malformed")).isEqualTo(1.0);
        assertThat(readCommitted(stateTopic)).as("no cursor written").isEmpty();
        harvest.loop.pollOnce();
        assertThat(awaitCommitted(arxivTopic, PAGE_3_IDS.size())).hasSize(PAGE_3_IDS.size());
    }

    private static Response ok(String fixture) {
        return Response.ok(XML, Fixtures.bytes(fixture));
    }

    /** One running harvester with its own clients, as one process would have them. */
    private record Harvest(OaiPmhHarvester harvester, PollingLoop loop, TransactionalPublisher publisher, PollHealth health) {
    }

    private Harvest startHarvest() {
        return startHarvest(List.of());
    }

    private Harvest startHarvest(List<String> sets) {
        return startHarvest(sets, URI.create(http.url("/oai")), Duration.ofSeconds(10), 10_000_000);
    }

    private Harvest startHarvest(List<String> sets, URI endpoint, Duration readTimeout, long maxBody) {
        Clock clock = Clock.systemUTC();
        IngestMetrics metrics = new IngestMetrics("arxiv", registry, clock);
        FetchSettings fetch = new FetchSettings(Duration.ofSeconds(5), readTimeout, maxBody,
                "data-broker-test", Duration.ofMillis(10), 3, Duration.ofMillis(50), Duration.ofMillis(200),
                Duration.ofSeconds(5));
        TransactionalPublisher publisher = new TransactionalPublisher(this::producer, stateTopic);
        publishers.add(publisher);
        OaiPmhHarvester harvester = new OaiPmhHarvester(
                new OaiPmhHarvester.Settings(endpoint, "arXivRaw", sets, FROM, arxivTopic),
                new HttpFetcher(fetch, clock, metrics), new ListRecordsParser(), new ArxivRecordMapper(), publisher,
                new IngestStateReader(this::consumer, stateTopic, Duration.ofSeconds(30)), metrics, clock);
        harvester.start();
        PollHealth health = new PollHealth(clock, Duration.ofMinutes(30));
        PollingLoop loop = new PollingLoop(harvester, INTERVAL, Duration.ofMillis(10), Duration.ofMillis(10), health, metrics);
        return new Harvest(harvester, loop, publisher, health);
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(config);
    }

    private Consumer<String, byte[]> consumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(config);
    }

    /**
     * The committed records of {@code topic} once there are at least {@code count}: commit markers reach the partitions
     * shortly after {@code commitTransaction()} returns, so a read right after it may still stop short.
     */
    private List<ConsumerRecord<String, byte[]>> awaitCommitted(String topic, int count) {
        return Await.untilValue(TIMEOUT, count + " committed records on " + topic, () -> readCommitted(topic),
                records -> records.size() >= count);
    }

    /** Every committed record of {@code topic}, read to the last stable offset. */
    private List<ConsumerRecord<String, byte[]>> readCommitted(String topic) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (Consumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private HarvestCursor storedCursor() {
        byte[] json = new IngestStateReader(this::consumer, stateTopic, Duration.ofSeconds(30))
                .readLatest(HarvestCursor.KEY_PREFIX).get(HarvestCursor.key("arXivRaw", null));
        return HarvestCursor.fromJson(json);
    }

    private double polls(String result) {
        var counter = registry.find(MetricNames.INGEST_POLLS).tags(MetricNames.TAG_RESULT, result).counter();
        return counter == null ? 0 : counter.count();
    }

    private double requests(String status) {
        var counter = registry.find(MetricNames.INGEST_REQUESTS).tags(MetricNames.TAG_STATUS, status).counter();
        return counter == null ? 0 : counter.count();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }
}
