package io.databroker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.databroker.shared.deadletter.DeadLetterHeaders;
import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.shared.topic.Topics;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.ElasticsearchNode;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.Response;
import io.databroker.testsupport.FreePorts;
import io.databroker.testsupport.KafkaBroker;
import io.databroker.testsupport.Pipeline;
import io.databroker.testsupport.Pipeline.Service;
import io.databroker.testsupport.SparkSql;
import io.databroker.testsupport.UnboundResolver;

import tools.jackson.databind.JsonNode;

/**
 * The whole pipeline, end to end: all seven packaged services as child JVMs on a real KRaft broker, a real
 * Elasticsearch node and Delta files read back by Spark SQL; the sources are served locally in their real wire
 * formats (an RSS feed, an OAI-PMH endpoint, the GitHub events API), and DNS by a real unbound sending its dnstap to
 * ingest-dns. Steps build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {

    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(120);
    private static final String FEED_PATH = "/feeds/tech-news.xml";
    private static final String RSS = "application/rss+xml; charset=utf-8";
    private static final String XML = "text/xml; charset=utf-8";
    private static final String JSON = "application/json; charset=utf-8";
    private static final String OAI_PATH = "/oai";
    private static final String EVENTS_PATH = "/events";

    private static FixtureHttpServer feeds;
    private static Pipeline pipeline;
    private static Stores stores;
    private static Path newsTable;
    private static Path arxivTable;
    private static Path githubTable;
    private static Path dnsTable;
    private static Path work;
    private static int dnstapPort;
    private static UnboundResolver unbound;

    @BeforeAll
    static void startPipeline() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        ElasticsearchNode elasticsearch = ElasticsearchNode.shared();
        feeds = FixtureHttpServer.start();
        feeds.respond(FEED_PATH, Response.ok(RSS, FeedFixture.load("/fixtures/feeds/tech-news-5-items.xml", Instant.now())));
        // One page of papers, then "caught up" for every later incremental harvest.
        feeds.respond(OAI_PATH,
                Response.ok(XML, FeedFixture.load("/fixtures/arxiv/list-records-arxivraw.xml", Instant.now())),
                Response.ok(XML, NO_RECORDS_MATCH));
        // No public events until the GitHub step serves them (so the papers they mention are known by then).
        feeds.respond(EVENTS_PATH, Response.ok(JSON, "[]").withHeader("ETag", "\"empty\""));

        Path buildRoot = Path.of(System.getProperty("databroker.build.root", "..")).toAbsolutePath().normalize();
        // Under target/, one directory per run: logs, Delta tables and Streams state of this run only.
        work = Files.createTempDirectory(Files.createDirectories(buildRoot.resolve("e2e/target/e2e-runs")), "run-");
        Path coldStore = work.resolve("cold-store");
        newsTable = coldStore.resolve("news_historical");
        arxivTable = coldStore.resolve("arxiv_historical");
        githubTable = coldStore.resolve("github_historical");
        dnsTable = coldStore.resolve("dns_historical");
        dnstapPort = FreePorts.one();
        pipeline = Pipeline.start(new Pipeline.Settings(
                        buildRoot,
                        System.getProperty("databroker.project.version", "0.1.0-SNAPSHOT"),
                        kafka.bootstrapServers(),
                        elasticsearch.httpUrl(),
                        coldStore.toUri().toString(),
                        feeds.url(FEED_PATH),
                        work.resolve("logs"),
                        true,
                        Map.of(Service.INGEST_NEWS, Map.of("BROKER_NEWS_POLL_INTERVAL", "1s"),
                                Service.INGEST_ARXIV, Map.of(
                                        "BROKER_ARXIV_BASE_URL", feeds.url(OAI_PATH),
                                        "BROKER_ARXIV_FROM", LocalDate.now(ZoneOffset.UTC).minusDays(2).toString(),
                                        "BROKER_ARXIV_REQUEST_INTERVAL", "100ms",
                                        "BROKER_ARXIV_POLL_INTERVAL", "2s"),
                                Service.INGEST_GITHUB, Map.of(
                                        "BROKER_GITHUB_API_URL", feeds.url(""),
                                        "BROKER_GITHUB_POLL_INTERVAL", "1s"),
                                Service.INGEST_DNS, Map.of("BROKER_DNS_TCP_PORT", Integer.toString(dnstapPort)),
                                Service.COLD_WRITER, Map.of("BROKER_COLD_FLUSH_MAX_LATENCY", "2s"))),
                // Seven JVMs start at once on two cores shared with other builds: readiness can take minutes.
                Duration.ofSeconds(300),
                System.out::println);
        stores = new Stores(elasticsearch.httpUrl(), kafka.bootstrapServers());
    }

    @AfterAll
    static void stopPipeline() {
        if (unbound != null) {
            unbound.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (feeds != null) {
            feeds.close();
        }
    }

    @Test
    @Order(1)
    void feedItemsBecomeSearchableInElasticsearchAndRowsInDelta() {
        Await.untilValue(STORE_TIMEOUT, "5 documents in news_recent", () -> stores.esCount("news_recent"), n -> n == 5);
        long[] delta = Await.untilValue(STORE_TIMEOUT, "5 rows in " + newsTable,
                () -> stores.deltaCounts(newsTable.toString()), c -> c != null && c[0] >= 5);
        assertThat(delta).containsExactly(5, 5);

        // Full text works on the normalised title; the HTML of the description is gone.
        var hits = stores.esSearch("news_recent", """
                {"query": {"match": {"title": "story 3"}}, "size": 1}""").path("hits").path("hits");
        assertThat(hits.size()).isEqualTo(1);
        assertThat(hits.get(0).path("_source").path("summary").asString()).isEqualTo("Story 3 about stream processing.");
        assertThat(hits.get(0).path("_source").path("link").asString()).isEqualTo("https://news.example.org/story/3");
    }

    @Test
    @Order(2)
    void pollingTheSameFeedAgainPublishesNothing() {
        String scrape = pipeline.service(Service.INGEST_NEWS).url("/actuator/prometheus");
        double polls = Stores.scrape(scrape, "broker_ingest_polls_total");
        Await.until(Duration.ofSeconds(60), "two more polls of the feed",
                () -> Stores.scrape(scrape, "broker_ingest_polls_total") >= polls + 2);

        assertThat(stores.readAll(Topics.NEWS_FEED.name())).hasSize(5);
        assertThat(stores.readAll(Topics.NEWS_ENRICHED.name())).hasSize(5);
        assertThat(stores.esCount("news_recent")).isEqualTo(5);
        assertThat(stores.deltaCounts(newsTable.toString())).containsExactly(5, 5);
    }

    @Test
    @Order(3)
    void harvestedPaperVersionsReachBothStores() {
        // Two papers, three versions: one document per version, normalised and with the category reference data.
        Await.untilValue(STORE_TIMEOUT, "3 documents in arxiv_recent", () -> stores.esCount("arxiv_recent"), n -> n == 3);
        long[] delta = Await.untilValue(STORE_TIMEOUT, "3 rows in " + arxivTable,
                () -> stores.deltaCounts(arxivTable.toString()), c -> c != null && c[0] >= 3);
        assertThat(delta).containsExactly(3, 3);

        JsonNode paper = stores.esSearch("arxiv_recent", """
                {"query": {"term": {"id": "arxiv:2611.01234v2"}}}""").path("hits").path("hits").get(0).path("_source");
        assertThat(paper.path("title").asString()).isEqualTo("Exactly-Once Stream Enrichment at Scale");
        assertThat(paper.path("primary_category").asString()).isEqualTo("cs.DC");
        assertThat(paper.path("github_repos").toString()).contains("databroker-demo/streaming-bench");
        var fullText = stores.esSearch("arxiv_recent", """
                {"query": {"match": {"abstract": "holographic duals"}}}""").path("hits").path("hits");
        assertThat(fullText.size()).isEqualTo(1);
        assertThat(SparkSql.shared().query("SELECT version FROM delta.`" + arxivTable + "` WHERE arxiv_id = '2611.01234' ORDER BY version"))
                .extracting(row -> ((Number) row.get("version")).intValue()).containsExactly(1, 2);
    }

    @Test
    @Order(4)
    void githubEventsReachBothStoresWithTheirPaperMentionsJoined() {
        feeds.respond(EVENTS_PATH, Response.ok(JSON, FeedFixture.load("/fixtures/github/events-page-1.json", Instant.now()))
                .withHeader("ETag", "\"page-1\""));

        Await.untilValue(STORE_TIMEOUT, "3 documents in github_recent", () -> stores.esCount("github_recent"), n -> n == 3);
        long[] delta = Await.untilValue(STORE_TIMEOUT, "3 rows in " + githubTable,
                () -> stores.deltaCounts(githubTable.toString()), c -> c != null && c[0] >= 3);
        assertThat(delta).containsExactly(3, 3);

        JsonNode issue = stores.esSearch("github_recent", """
                {"query": {"bool": {"filter": [{"term": {"type": "IssuesEvent"}}, {"term": {"repo_name": "octocat/Hello-World"}}]}}}""")
                .path("hits").path("hits").get(0).path("_source");
        assertThat(issue.path("number").asLong()).isEqualTo(42);
        assertThat(issue.path("linked_papers").get(0).path("id").asString()).isEqualTo("2611.01234");
        assertThat(issue.path("linked_papers").get(0).path("title").asString()).isEqualTo("Exactly-Once Stream Enrichment at Scale");
        assertThat(issue.path("payload").path("issue").path("title").asString()).isEqualTo("Implement the enrichment from arXiv:2611.01234");

        // Re-polling the same page (ETag unchanged, or a 200 with the same events) adds nothing anywhere.
        assertThat(stores.readAll(Topics.GITHUB_EVENTS.name())).hasSize(3);
    }

    @Test
    @Order(5)
    void malformedRecordIsDeadLetteredWhileGoodRecordsKeepFlowing() {
        byte[] junk = "{\"feed_url\": \"https://x.example\", oops".getBytes(StandardCharsets.UTF_8);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.NEWS_FEED.name(), "junk-key".getBytes(StandardCharsets.UTF_8), junk));
        }
        feeds.respond(FEED_PATH, Response.ok(RSS, FeedFixture.load("/fixtures/feeds/tech-news-6-items.xml", Instant.now())));

        List<ConsumerRecord<byte[], byte[]>> deadLetters = Await.untilValue(STORE_TIMEOUT, "the junk record in the dead-letter queue",
                () -> stores.readAll(Topics.DEAD_LETTER_QUEUE.name()), list -> !list.isEmpty());
        assertThat(deadLetters).hasSize(1);
        ConsumerRecord<byte[], byte[]> deadLetter = deadLetters.get(0);
        assertThat(deadLetter.key()).isEqualTo("junk-key".getBytes(StandardCharsets.UTF_8));
        assertThat(deadLetter.value()).isEqualTo(junk);
        assertThat(CloudEventHeaders.text(deadLetter.headers(), DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo("news_feed");
        assertThat(CloudEventHeaders.text(deadLetter.headers(), DeadLetterHeaders.REASON)).isEqualTo("malformed");
        assertThat(CloudEventHeaders.text(deadLetter.headers(), DeadLetterHeaders.STAGE)).startsWith("enrich-service/");
        assertThat(CloudEventHeaders.text(deadLetter.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE)).isNotBlank();

        Await.untilValue(STORE_TIMEOUT, "6 documents in news_recent", () -> stores.esCount("news_recent"), n -> n == 6);
        long[] delta = Await.untilValue(STORE_TIMEOUT, "6 rows in " + newsTable,
                () -> stores.deltaCounts(newsTable.toString()), c -> c != null && c[0] >= 6);
        assertThat(delta).containsExactly(6, 6);

        // Story 6 mentions a paper harvested earlier: the paper-mention join found it.
        JsonNode story6 = stores.esSearch("news_recent", """
                {"query": {"match": {"title": "story 6"}}, "size": 1}""").path("hits").path("hits").get(0).path("_source");
        assertThat(story6.path("linked_papers").get(0).path("id").asString()).isEqualTo("2611.01234");
    }

    @Test
    @Order(6)
    void dnsQueriesToARealResolverReachBothStoresEnriched() {
        unbound = UnboundResolver.start(work.resolve("unbound"), DNS_IDENTITY, DNS_ZONE,
                List.of("  dnstap-ip: 127.0.0.1@" + dnstapPort, "  dnstap-tls: no"));
        // unbound connects its dnstap output in the background and drops what it logs before: probe until a probe's
        // record is on dns_data. The probe name has no registrable domain, so it stays out of the domain table.
        Await.until(STORE_TIMEOUT, "unbound's dnstap to reach dns_data (unbound log: " + work.resolve("unbound/unbound.log") + ")",
                () -> {
                    assertThat(unbound.dig(DNS_PROBE, "A")).containsExactly("192.0.2.1");
                    return stores.readAll(Topics.DNS_DATA.name()).stream()
                            .anyMatch(r -> DNS_PROBE.equals(new String(r.key(), StandardCharsets.UTF_8)));
                });

        assertThat(unbound.dig("www.example.com", "A")).containsExactly("192.0.2.20");
        assertThat(unbound.dig("example.com", "MX")).containsExactly("10 mail.example.com.");
        assertThat(unbound.dig(GENERATED_NAME, "A")).as("NXDOMAIN").isEmpty();

        JsonNode hits = Await.untilValue(STORE_TIMEOUT, "3 DNS documents in dns_recent", () -> stores.esSearch("dns_recent", """
                {"query": {"terms": {"qname": ["www.example.com", "example.com", "%s"]}}, "size": 10}""".formatted(GENERATED_NAME))
                .path("hits").path("hits"), h -> h.size() >= 3);
        Map<String, JsonNode> byQuestion = hits.valueStream().map(hit -> hit.path("_source"))
                .collect(Collectors.toMap(doc -> doc.path("qname").asString() + "/" + doc.path("qtype").asString(), Function.identity()));
        assertThat(byQuestion).as("one document per query (query and response paired)")
                .containsOnlyKeys("www.example.com/A", "example.com/MX", GENERATED_NAME + "/A");

        JsonNode www = byQuestion.get("www.example.com/A");
        assertThat(www.path("rcode").asString()).isEqualTo("NOERROR");
        assertThat(www.path("answers").get(0).path("data").asString()).isEqualTo("192.0.2.20");
        assertThat(www.path("name_entropy").asDouble()).as("entropy of 'www'").isEqualTo(0.0);
        assertThat(byQuestion.get("example.com/MX").path("answers").get(0).path("data").asString()).isEqualTo("10 mail.example.com.");
        JsonNode generated = byQuestion.get(GENERATED_NAME + "/A");
        assertThat(generated.path("rcode").asString()).isEqualTo("NXDOMAIN");
        assertThat(generated.path("answers").isEmpty()).isTrue();
        assertThat(generated.path("name_entropy").asDouble()).as("8 distinct characters: log2(8) bits each").isEqualTo(3.0);
        for (JsonNode doc : byQuestion.values()) {
            assertThat(doc.path("identity").asString()).isEqualTo(DNS_IDENTITY);
            assertThat(doc.path("message_type").asString()).isEqualTo("CLIENT_RESPONSE");
            assertThat(doc.path("registrable_domain").asString()).isEqualTo("example.com");
            assertThat(doc.path("newly_observed").asBoolean()).as("example.com was first queried just now").isTrue();
            assertThat(doc.path("query_address").asString()).as("the client 127.0.0.1, truncated to /24 by default").isEqualTo("127.0.0.0");
        }

        // The same documents, with the same ids and values, in Delta.
        String select = "SELECT id, qname, qtype, rcode, registrable_domain, newly_observed, name_entropy, query_address, "
                + "transform(answers, a -> a.data) AS answers FROM delta.`" + dnsTable + "` WHERE registrable_domain = 'example.com'";
        List<Map<String, Object>> rows = Await.untilValue(STORE_TIMEOUT, "3 example.com rows in " + dnsTable,
                () -> Files.isDirectory(dnsTable.resolve("_delta_log")) ? SparkSql.shared().query(select) : List.<Map<String, Object>>of(),
                r -> r.size() >= 3);
        assertThat(rows).extracting(PipelineIT::dnsFacts).containsExactlyInAnyOrderElementsOf(
                byQuestion.values().stream().map(PipelineIT::dnsFacts).toList());
    }

    @Test
    @Order(7)
    void githubEventLinkingAResolvedDomainCarriesWhatDnsKnowsAboutIt() {
        // The join reads a table that enrich-service builds from dns_data: wait until it holds example.com, so the
        // event below cannot overtake the DNS data it should be joined with.
        Await.until(STORE_TIMEOUT, "example.com in the domain table", () -> stores.readAll("enrich-domains").stream()
                .anyMatch(r -> "example.com".equals(new String(r.key(), StandardCharsets.UTF_8))));
        Instant firstQuery = Await.untilValue(STORE_TIMEOUT, "example.com documents in dns_recent", () -> stores.esSearch("dns_recent", """
                {"query": {"term": {"registrable_domain": "example.com"}}, "sort": [{"event_time": "asc"}], "size": 1}""")
                .path("hits").path("hits"), h -> h.size() == 1).get(0).path("_source").path("event_time").asString()
                .transform(Instant::parse);

        feeds.respond(EVENTS_PATH, Response.ok(JSON, FeedFixture.load("/fixtures/github/events-page-2.json", Instant.now()))
                .withHeader("ETag", "\"page-2\""));

        Await.untilValue(STORE_TIMEOUT, "4 documents in github_recent", () -> stores.esCount("github_recent"), n -> n == 4);
        JsonNode comment = stores.esSearch("github_recent", """
                {"query": {"term": {"id": "github:46000000004"}}}""").path("hits").path("hits").get(0).path("_source");
        JsonNode domains = comment.path("domains");
        assertThat(domains.size()).isEqualTo(2);
        assertThat(domains.get(0).path("name").asString()).isEqualTo("example.com");
        assertThat(Instant.parse(domains.get(0).path("first_seen").asString())).isEqualTo(firstQuery);
        assertThat(domains.get(0).path("resolves_to").toString()).isEqualTo("[\"192.0.2.20\"]");
        assertThat(domains.get(1).path("name").asString()).as("a domain never queried").isEqualTo("example.net");
        assertThat(domains.get(1).path("first_seen").isNull()).isTrue();
        assertThat(domains.get(1).path("resolves_to").isEmpty()).isTrue();

        List<Map<String, Object>> rows = Await.untilValue(STORE_TIMEOUT, "the event's row in " + githubTable,
                () -> SparkSql.shared().query("SELECT domains FROM delta.`" + githubTable + "` WHERE id = 'github:46000000004'"),
                r -> r.size() == 1);
        assertThat(rows.get(0).get("domains")).isEqualTo(List.of(
                Map.of("name", "example.com", "first_seen", firstQuery, "resolves_to", List.of("192.0.2.20")),
                domainNeverSeen("example.net")));
    }

    /** What a DNS document says, from Elasticsearch or from Delta, in one comparable shape. */
    private static List<Object> dnsFacts(JsonNode doc) {
        List<String> answers = doc.path("answers").valueStream().map(a -> a.path("data").asString()).toList();
        return Arrays.asList(doc.path("id").asString(), doc.path("qname").asString(), doc.path("qtype").asString(),
                doc.path("rcode").asString(), doc.path("registrable_domain").asString(), doc.path("newly_observed").asBoolean(),
                doc.path("name_entropy").asDouble(), doc.path("query_address").asString(), answers);
    }

    private static List<Object> dnsFacts(Map<String, Object> row) {
        return Arrays.asList(row.get("id"), row.get("qname"), row.get("qtype"), row.get("rcode"), row.get("registrable_domain"),
                row.get("newly_observed"), row.get("name_entropy"), row.get("query_address"), row.get("answers"));
    }

    private static Map<String, Object> domainNeverSeen(String name) {
        Map<String, Object> domain = new LinkedHashMap<>();
        domain.put("name", name);
        domain.put("first_seen", null);
        domain.put("resolves_to", List.of());
        return domain;
    }

    /** The resolver's identity in its dnstap messages. */
    private static final String DNS_IDENTITY = "unbound-e2e";
    /** Queried until unbound's dnstap connection carries it; under .test, which has no registrable domain. */
    private static final String DNS_PROBE = "probe.example.test";
    /** A machine-made label (8 distinct characters) under a known domain. */
    private static final String GENERATED_NAME = "x7kq9zt3.example.com";
    /** What unbound answers from, without any network: example.com as the GitHub fixture links it. */
    private static final List<String> DNS_ZONE = List.of(
            "  local-zone: \"example.com.\" static",
            "  local-data: \"example.com. 3600 IN SOA ns.example.com. hostmaster.example.com. 1 3600 600 86400 300\"",
            "  local-data: \"www.example.com. 300 IN A 192.0.2.20\"",
            "  local-data: \"example.com. 300 IN MX 10 mail.example.com.\"",
            "  local-zone: \"example.test.\" static",
            "  local-data: \"probe.example.test. 300 IN A 192.0.2.1\"");

    /** OAI-PMH's answer when an incremental harvest finds nothing new (the error arXiv sends, with status 200). */
    static final String NO_RECORDS_MATCH = """
            <?xml version="1.0" encoding="UTF-8"?>
            <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">
            <responseDate>2026-01-01T00:00:00Z</responseDate>
            <request verb="ListRecords" metadataPrefix="arXivRaw">http://export.arxiv.org/oai2</request>
            <error code="noRecordsMatch">No records match the query</error>
            </OAI-PMH>
            """;
}
