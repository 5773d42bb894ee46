package io.databroker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.databroker.e2e.HostileRecords.Good;
import io.databroker.e2e.HostileRecords.Kind;
import io.databroker.e2e.HostileRecords.Source;
import io.databroker.shared.deadletter.DeadLetterHeaders;
import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.shared.topic.Topics;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.ElasticsearchNode;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.Response;
import io.databroker.testsupport.FreePorts;
import io.databroker.testsupport.HttpProbe;
import io.databroker.testsupport.KafkaBroker;
import io.databroker.testsupport.Pipeline;
import io.databroker.testsupport.Pipeline.Service;
import io.databroker.testsupport.ServiceProcess;
import io.databroker.testsupport.SparkSql;

/**
 * Hostile input (issue 11): with the whole pipeline up on a broker and an Elasticsearch node of its own, an outside
 * client ({@code kcat}) produces to every raw topic hostile records of each kind the issue names, interleaved with
 * good ones. Afterwards: the dead-letter queue holds exactly the hostile records (matched by their marker keys, with
 * their original bytes and a reason), both stores hold exactly the good ones, no service restarted, every service is
 * ready, and no service's resident memory went past its bound.
 *
 * <p>"10 MB values": the raw topics keep the broker's default {@code max.message.bytes} (1 MiB), so the broker refuses
 * a 10 MiB record. The test produces one per topic and asserts the refusal and that nothing of it appears anywhere.
 * The largest value the broker does accept (just under 1 MiB, {@link Kind#NEAR_LIMIT}) must reach the dead-letter
 * queue although its dead letter (value + error headers) is larger than 1 MiB.
 *
 * <p>Size: {@code -Dhostile.records=N} hostile records per raw topic (CI default 900), {@code -Dhostile.good=N} good
 * ones (default 50). The full run is {@code -Dhostile.records=10000} (see docs/operations.md).
 */
class HostileInputIT {

    private static final int HOSTILE_PER_TOPIC = Integer.getInteger("hostile.records", 900);
    private static final int GOOD_PER_TOPIC = Integer.getInteger("hostile.good", 50);
    private static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("hostile.timeout.seconds", 300));
    /** Heap of each service JVM (ServiceProcess) plus what a JVM needs beyond it: metaspace, code cache, thread stacks,
     * direct buffers, GC structures and, in enrich-service, RocksDB's block caches and memtables. */
    private static final long SERVICE_HEAP_MIB = 512;
    private static final long NON_HEAP_ALLOWANCE_MIB = 384;
    /** Reading a topic to its end: the dead-letter queue of the long run holds hundreds of MB. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);
    private static final String EMPTY_RSS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Quiet feed</title><link>https://news.example.org/</link>
            <description>No items: the hostile-input test produces its news records itself.</description></channel></rss>
            """;

    private static KafkaBroker kafka;
    private static ElasticsearchNode elasticsearch;
    private static FixtureHttpServer sources;
    private static Pipeline pipeline;
    private static Path coldStore;

    @BeforeAll
    static void startPipeline() throws Exception {
        Kcat.requireInstalled();
        Path buildRoot = Path.of(System.getProperty("databroker.build.root", "..")).toAbsolutePath().normalize();
        // Under target/, one directory per run: the broker's data, logs, Delta tables and Streams state of this run.
        Path work = Files.createTempDirectory(Files.createDirectories(buildRoot.resolve("e2e/target/e2e-runs")), "hostile-");
        // A broker and a node of its own: record counts in topics and indices must be this test's alone.
        kafka = KafkaBroker.start(0, work.resolve("kafka"));
        elasticsearch = ElasticsearchNode.start(ElasticsearchNode.Options.defaults());
        sources = FixtureHttpServer.start();
        sources.respond("/feed.xml", Response.ok("application/rss+xml; charset=utf-8", EMPTY_RSS));
        sources.respond("/oai", Response.ok("text/xml; charset=utf-8", PipelineIT.NO_RECORDS_MATCH));
        sources.respond("/events", Response.ok("application/json; charset=utf-8", "[]"));

        coldStore = work.resolve("cold-store");
        pipeline = Pipeline.start(new Pipeline.Settings(buildRoot,
                        System.getProperty("databroker.project.version", "0.1.0-SNAPSHOT"),
                        kafka.bootstrapServers(), elasticsearch.httpUrl(), coldStore.toUri().toString(),
                        sources.url("/feed.xml"), work.resolve("logs"), true,
                        Map.of(Service.INGEST_ARXIV, Map.of("BROKER_ARXIV_BASE_URL", sources.url("/oai"),
                                        "BROKER_ARXIV_FROM", LocalDate.now(ZoneOffset.UTC).minusDays(1).toString()),
                                Service.INGEST_GITHUB, Map.of("BROKER_GITHUB_API_URL", sources.url("")),
                                Service.INGEST_DNS, Map.of("BROKER_DNS_TCP_PORT", Integer.toString(FreePorts.one())),
                                Service.COLD_WRITER, Map.of("BROKER_COLD_FLUSH_MAX_LATENCY", "2s"))),
                Duration.ofSeconds(300), System.out::println);
    }

    @AfterAll
    static void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (sources != null) {
            sources.close();
        }
        if (elasticsearch != null) {
            elasticsearch.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyHostileRecordIsDeadLetteredEveryGoodOneStoredAndNoServiceFalters() {
        long started = System.nanoTime();
        HostileRecords records = new HostileRecords(
                Path.of(System.getProperty("databroker.build.root", "..")).toAbsolutePath().normalize()
                        .resolve("enrich-service/src/test/resources/fixtures"), Instant.now());
        Kcat kcat = new Kcat(kafka.bootstrapServers());
        Map<String, Expected> hostile = new HashMap<>();
        Map<String, Set<String>> goodIds = new LinkedHashMap<>();

        try (ProcessWatch watch = new ProcessWatch(pipeline.all())) {
            for (Source source : HostileRecords.SOURCES) {
                goodIds.put(source.topic(), produce(kcat, records, source, hostile));
            }
            System.out.printf("produced %d hostile and %d good records with kcat in %.1f s%n", hostile.size(),
                    goodIds.values().stream().mapToInt(Set::size).sum(), (System.nanoTime() - started) / 1e9);

            Await.untilValue(TIMEOUT, hostile.size() + " dead letters (enrich-service log: "
                    + pipeline.service(Service.ENRICH).logFile() + ")", () -> readDeadLetters().size(), n -> n >= hostile.size());
            Map<String, DeadLetter> deadLetters = readDeadLetters();
            for (Source source : HostileRecords.SOURCES) {
                awaitStores(source, goodIds.get(source.topic()));
            }
            watch.sampleOnce();

            assertThat(deadLetters.keySet()).as("the dead-letter queue holds exactly the hostile records")
                    .containsExactlyInAnyOrderElementsOf(hostile.keySet());
            for (Map.Entry<String, DeadLetter> entry : deadLetters.entrySet()) {
                Expected expected = hostile.get(entry.getKey());
                DeadLetter actual = entry.getValue();
                assertThat(actual.topic()).as(entry.getKey()).isEqualTo(expected.topic());
                assertThat(actual.reason()).as(entry.getKey() + " reason").isIn(expected.kind().reasons);
                assertThat(actual.stage()).as(entry.getKey()).startsWith("enrich-service/");
                assertThat(actual.message()).as(entry.getKey()).isNotBlank();
                assertThat(actual.valueSha256()).as(entry.getKey() + ": the original bytes").isEqualTo(expected.valueSha256());
            }
            for (Source source : HostileRecords.SOURCES) {
                assertThat(readKeys(source.topic())).as("a refused 10 MiB record leaves nothing on " + source.topic())
                        .doesNotContain(HostileRecords.tenMbKey(source));
            }

            for (ServiceProcess service : pipeline.all()) {
                assertThat(HttpProbe.get(service.url("/actuator/health/readiness")).statusCode())
                        .as(service.name() + " ready at the end; log: " + service.logFile()).isEqualTo(200);
            }
            assertThat(watch.incidents()).as("no service died or restarted").isEmpty();
            for (ServiceProcess service : pipeline.all()) {
                assertThat(service.pid()).as(service.name() + " is the process started at the beginning")
                        .isEqualTo(watch.pids().get(service.name()));
            }
            long boundKib = (SERVICE_HEAP_MIB + NON_HEAP_ALLOWANCE_MIB) * 1024;
            System.out.println("peak RSS (MiB) per service: " + watch.peakRssKib().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue() / 1024).collect(Collectors.joining(", "))
                    + "; bound " + boundKib / 1024 + " MiB");
            assertThat(watch.peakRssKib()).as("every service was sampled").hasSize(pipeline.all().size());
            watch.peakRssKib().forEach((service, peak) ->
                    assertThat(peak).as(service + " peak RSS in KiB (bound: -Xmx" + SERVICE_HEAP_MIB + "m + "
                            + NON_HEAP_ALLOWANCE_MIB + " MiB)").isLessThan(boundKib));
        }
        System.out.printf("hostile-input test body took %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** Produces one topic's records (good and hostile interleaved) and returns the good records' document ids. */
    private static Set<String> produce(Kcat kcat, HostileRecords records, Source source, Map<String, Expected> hostile) {
        int perKind = Math.max(1, HOSTILE_PER_TOPIC / Kind.SCALED.size());
        Map<Kind, List<Map.Entry<String, byte[]>>> byHeaders = new LinkedHashMap<>();
        List<Map.Entry<String, byte[]>> plain = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int good = 0;
        for (int n = 0; n < perKind; n++) {
            for (Kind kind : Kind.SCALED) {
                String key = HostileRecords.hostileKey(source, kind, n);
                byte[] value = records.hostile(source, kind, n);
                hostile.put(key, new Expected(source.topic(), kind, sha256(value)));
                List<Map.Entry<String, byte[]>> batch = HostileRecords.headers(kind).isEmpty() ? plain
                        : byHeaders.computeIfAbsent(kind, k -> new ArrayList<>());
                batch.add(Map.entry(key, value));
            }
            // Good records spread evenly through the hostile ones.
            while (good < GOOD_PER_TOPIC && good * perKind <= n * GOOD_PER_TOPIC) {
                Good record = records.good(source, good++);
                plain.add(Map.entry(record.key(), record.value()));
                ids.add(record.documentId());
            }
        }
        while (good < GOOD_PER_TOPIC) {
            Good record = records.good(source, good++);
            plain.add(Map.entry(record.key(), record.value()));
            ids.add(record.documentId());
        }
        assertProduced(kcat.produce(source.topic(), plain, List.of(), Map.of()), source);
        byHeaders.forEach((kind, batch) ->
                assertProduced(kcat.produce(source.topic(), batch, HostileRecords.headers(kind), Map.of()), source));

        String nearLimitKey = HostileRecords.hostileKey(source, Kind.NEAR_LIMIT, 0);
        byte[] nearLimit = records.hostile(source, Kind.NEAR_LIMIT, 0);
        hostile.put(nearLimitKey, new Expected(source.topic(), Kind.NEAR_LIMIT, sha256(nearLimit)));
        // librdkafka's own default limit (1,000,000) is below the broker's: raise it to the broker's 1,048,588.
        assertProduced(kcat.produce(source.topic(), List.of(Map.entry(nearLimitKey, nearLimit)), List.of(),
                Map.of("message.max.bytes", "1048588")), source);

        // Past librdkafka's limit too, so that it is the broker that answers.
        Kcat.Result tenMb = kcat.produce(source.topic(), List.of(Map.entry(HostileRecords.tenMbKey(source),
                HostileRecords.tenMb(source))), List.of(), Map.of("message.max.bytes", "20000000"));
        assertThat(tenMb.output()).as("kcat's report of the 10 MiB record to " + source.topic())
                .containsIgnoringCase("Message size too large");
        return ids;
    }

    private static void assertProduced(Kcat.Result result, Source source) {
        assertThat(result.exitCode()).as("kcat producing to " + source.topic() + ": " + result.output()).isZero();
    }

    /** Waits until the alias and the Delta table hold the good records, then checks they hold exactly them. */
    private static void awaitStores(Source source, Set<String> ids) {
        // arxiv_raw → arxiv_recent / arxiv_historical, github_events → github_…, news_feed → news_…, dns_data → dns_…
        String prefix = source.topic().substring(0, source.topic().indexOf('_'));
        Stores stores = stores();
        String alias = prefix + "_recent";
        Await.untilValue(TIMEOUT, ids.size() + " documents in " + alias, () -> stores.esCount(alias), n -> n >= ids.size());
        Path table = coldStore.resolve(prefix + "_historical");
        Await.untilValue(TIMEOUT, ids.size() + " rows in " + table, () -> stores.deltaCounts(table.toString()),
                c -> c != null && c[0] >= ids.size());

        Set<String> inElasticsearch = new HashSet<>();
        stores.esSearch(alias, """
                {"size": 10000, "_source": false, "query": {"match_all": {}}}""").path("hits").path("hits")
                .valueStream().forEach(hit -> inElasticsearch.add(hit.path("_id").asString()));
        assertThat(inElasticsearch).as("ids behind " + alias).containsExactlyInAnyOrderElementsOf(ids);
        List<String> inDelta = SparkSql.shared().query("SELECT id FROM delta.`" + table + "`").stream()
                .map(row -> (String) row.get("id")).toList();
        assertThat(inDelta).as("ids in " + table + ", each once").containsExactlyInAnyOrderElementsOf(ids);
    }

    private static Stores stores() {
        return new Stores(elasticsearch.httpUrl(), kafka.bootstrapServers());
    }

    /** What the test sent as one hostile record. */
    private record Expected(String topic, Kind kind, String valueSha256) {
    }

    /** What the dead-letter queue says about one record: its headers and a digest of its value. */
    private record DeadLetter(String topic, String reason, String stage, String message, String valueSha256) {
    }

    /** The dead-letter queue by key (a duplicate key fails: every hostile record must be dead-lettered once). */
    private static Map<String, DeadLetter> readDeadLetters() {
        Map<String, DeadLetter> byKey = new HashMap<>();
        stores().forEachRecord(Topics.DEAD_LETTER_QUEUE.name(), READ_TIMEOUT, record -> {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            DeadLetter letter = new DeadLetter(CloudEventHeaders.text(record.headers(), DeadLetterHeaders.ORIGINAL_TOPIC),
                    CloudEventHeaders.text(record.headers(), DeadLetterHeaders.REASON),
                    CloudEventHeaders.text(record.headers(), DeadLetterHeaders.STAGE),
                    CloudEventHeaders.text(record.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE), sha256(record.value()));
            if (byKey.put(key, letter) != null) {
                throw new AssertionError("dead-lettered twice: " + key);
            }
        });
        return byKey;
    }

    private static List<String> readKeys(String topic) {
        List<String> keys = new ArrayList<>();
        stores().forEachRecord(topic, READ_TIMEOUT, record -> keys.add(record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8)));
        return keys;
    }

    private static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
