package io.databroker.hot.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.databroker.shared.topic.Source;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.ElasticsearchNode;
import io.databroker.testsupport.KafkaBroker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The templates of all four sources, through the real writer into the real node, answer the queries analysts run:
 * full text on title/abstract/content/text, term filters on category/repo/domain/type, date ranges, aggregations.
 */
class HotStoreQueriesIT {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static HotStoreFixture fixture;

    @BeforeAll
    static void indexDocumentsOfEverySource() throws Exception {
        fixture = new HotStoreFixture(KafkaBroker.shared().bootstrapServers(), ElasticsearchNode.shared().httpUrl(), 1,
                Map.of(), List.of(Source.NEWS, Source.ARXIV, Source.GITHUB, Source.DNS));
        fixture.installTemplates();

        produce(Source.NEWS, CanonicalDocuments.newsMentioning("https://example.org/q/1", "Quasars observed again",
                NOW.minus(Duration.ofHours(1)), "2411.01234", "Attention is all you need", "cs.LG", "example.org"));
        produce(Source.NEWS, CanonicalDocuments.news("https://example.org/q/2", "Weather report",
                NOW.minus(Duration.ofDays(2))));
        produce(Source.NEWS, CanonicalDocuments.news("https://example.org/q/3", "Elections", NOW.minus(Duration.ofDays(3))));

        produce(Source.ARXIV, CanonicalDocuments.arxiv("2411.01234", 1, "Attention is all you need",
                "We propose transformers, a network architecture based solely on attention.", "cs.LG",
                NOW.minus(Duration.ofHours(5))));
        produce(Source.ARXIV, CanonicalDocuments.arxiv("2411.05678", 2, "Moduli of curves",
                "We count curves on surfaces.", "math.AG", NOW.minus(Duration.ofDays(1))));

        produce(Source.GITHUB, CanonicalDocuments.github(1001, "PullRequestEvent", "apache/kafka",
                "Faster log compaction", "Faster log compaction: avoids copying segments", NOW.minus(Duration.ofHours(2))));
        produce(Source.GITHUB, CanonicalDocuments.github(1002, "IssuesEvent", "apache/kafka",
                "Consumer hangs", "The consumer hangs after a rebalance", NOW.minus(Duration.ofHours(3))));
        produce(Source.GITHUB, CanonicalDocuments.github(1003, "PullRequestEvent", "elastic/elasticsearch",
                "Bulk ingester retries", "Retry 429 items with backoff", NOW.minus(Duration.ofDays(4))));

        produce(Source.DNS, CanonicalDocuments.dns("www.example.co.uk", "A", "example.co.uk", NOW.minus(Duration.ofMinutes(5))));
        produce(Source.DNS, CanonicalDocuments.dns("mail.example.co.uk", "MX", "example.co.uk", NOW.minus(Duration.ofMinutes(6))));
        produce(Source.DNS, CanonicalDocuments.dns("xk2j9q.badnames.net", "AAAA", "badnames.net", NOW.minus(Duration.ofDays(6))));

        HotStoreFixture.Running writer = fixture.startWriter("hot-writer-queries-" + fixture.suffix);
        for (Map.Entry<Source, String> topic : fixture.topics.entrySet()) {
            long end = fixture.endOffset(topic.getValue());
            Await.until(HotStoreFixture.TIMEOUT, "all of " + topic.getValue() + " to be committed",
                    () -> fixture.committedOffset(writer.group(), topic.getValue()) == end);
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void everyDocumentIsBehindItsSourcesReadAliasInTheDailyIndexOfItsEventDate() {
        assertThat(fixture.count(Source.NEWS)).isEqualTo(3);
        assertThat(fixture.count(Source.ARXIV)).isEqualTo(2);
        assertThat(fixture.count(Source.GITHUB)).isEqualTo(3);
        assertThat(fixture.count(Source.DNS)).isEqualTo(3);
        JsonNode old = fixture.search(Source.DNS, "{\"query\":{\"term\":{\"qname\":\"xk2j9q.badnames.net\"}}}");
        assertThat(old.at("/hits/hits/0/_index").asString()).isEqualTo(fixture.router.index(Source.DNS,
                java.time.LocalDate.ofInstant(NOW.minus(Duration.ofDays(6)), java.time.ZoneOffset.UTC)));
        assertThat(fixture.deadLetters()).isEmpty();
    }

    @Test
    void newsFullTextTermFilterNestedJoinsAndDateRange() {
        assertThat(ids(fixture.search(Source.NEWS, "{\"query\":{\"match\":{\"title\":\"quasars\"}}}")))
                .containsExactly(idOfNews("https://example.org/q/1"));
        assertThat(ids(fixture.search(Source.NEWS, "{\"query\":{\"match\":{\"content\":\"elections\"}}}")))
                .containsExactly(idOfNews("https://example.org/q/3"));
        assertThat(hits(fixture.search(Source.NEWS, "{\"query\":{\"term\":{\"categories\":\"science\"}}}"))).isEqualTo(3);
        assertThat(ids(fixture.search(Source.NEWS, """
                {"query":{"nested":{"path":"linked_papers","query":{"bool":{"filter":[
                  {"term":{"linked_papers.primary_category":"cs.LG"}},
                  {"match":{"linked_papers.title":"attention"}}]}}}}}""")))
                .containsExactly(idOfNews("https://example.org/q/1"));
        assertThat(hits(fixture.search(Source.NEWS, """
                {"query":{"nested":{"path":"domains","query":{"term":{"domains.name":"example.org"}}}}}""")))
                .isEqualTo(1);
        assertThat(hits(fixture.search(Source.NEWS, "{\"query\":{\"range\":{\"published\":{\"gte\":\"now-36h\"}}}}")))
                .isEqualTo(1);
    }

    @Test
    void arxivAbstractSearchCategoryFilterAuthorAndAggregation() {
        assertThat(ids(fixture.search(Source.ARXIV, "{\"query\":{\"match\":{\"abstract\":\"transformers attention\"}}}")))
                .containsExactly("arxiv:2411.01234v1");
        assertThat(ids(fixture.search(Source.ARXIV, "{\"query\":{\"term\":{\"categories\":\"math.AG\"}}}")))
                .containsExactlyInAnyOrder("arxiv:2411.01234v1", "arxiv:2411.05678v2");
        assertThat(hits(fixture.search(Source.ARXIV, "{\"query\":{\"term\":{\"author_names.keyword\":\"Emmy Noether\"}}}")))
                .isEqualTo(2);
        assertThat(ids(fixture.search(Source.ARXIV, "{\"query\":{\"range\":{\"submitted\":{\"gte\":\"now-12h\"}}}}")))
                .containsExactly("arxiv:2411.01234v1");
        assertThat(buckets(fixture.search(Source.ARXIV,
                "{\"size\":0,\"aggs\":{\"by\":{\"terms\":{\"field\":\"primary_category\"}}}}")))
                .containsOnly(Map.entry("cs.LG", 1L), Map.entry("math.AG", 1L));
    }

    @Test
    void githubTextSearchRepoAndTypeFiltersAndAggregationWhileThePayloadStaysUnindexed() {
        assertThat(ids(fixture.search(Source.GITHUB, """
                {"query":{"bool":{"must":[{"match":{"text":"rebalance"}}],"filter":[{"term":{"repo_name":"apache/kafka"}}]}}}""")))
                .containsExactly("github:1002");
        assertThat(ids(fixture.search(Source.GITHUB, """
                {"query":{"bool":{"filter":[{"term":{"type":"PullRequestEvent"}},{"range":{"event_time":{"gte":"now-1d"}}}]}}}""")))
                .containsExactly("github:1001");
        assertThat(buckets(fixture.search(Source.GITHUB,
                "{\"size\":0,\"aggs\":{\"by\":{\"terms\":{\"field\":\"repo_name\"}}}}")))
                .containsOnly(Map.entry("apache/kafka", 2L), Map.entry("elastic/elasticsearch", 1L));
        JsonNode byPayload = fixture.search(Source.GITHUB, "{\"query\":{\"term\":{\"payload.action\":\"opened\"}}}");
        assertThat(hits(byPayload)).isZero();
        JsonNode one = fixture.search(Source.GITHUB, "{\"query\":{\"ids\":{\"values\":[\"github:1001\"]}}}");
        assertThat(one.at("/hits/hits/0/_source/payload/pull_request/head/ref").asString()).isEqualTo("feature");
    }

    @Test
    void dnsDomainAndTypeFiltersDateRangeAndAggregation() {
        assertThat(hits(fixture.search(Source.DNS, "{\"query\":{\"term\":{\"registrable_domain\":\"example.co.uk\"}}}")))
                .isEqualTo(2);
        assertThat(hits(fixture.search(Source.DNS, """
                {"query":{"bool":{"filter":[{"term":{"qtype":"MX"}},{"range":{"event_time":{"gte":"now-1h"}}}]}}}""")))
                .isEqualTo(1);
        assertThat(hits(fixture.search(Source.DNS, "{\"query\":{\"range\":{\"latency_ms\":{\"gte\":10}}}}"))).isEqualTo(3);
        assertThat(buckets(fixture.search(Source.DNS,
                "{\"size\":0,\"aggs\":{\"by\":{\"terms\":{\"field\":\"registrable_domain\"}}}}")))
                .containsOnly(Map.entry("example.co.uk", 2L), Map.entry("badnames.net", 1L));
    }

    private static void produce(Source source, ObjectNode document) {
        fixture.produce(fixture.topics.get(source), document.get("id").asString(), document.toString());
    }

    private static String idOfNews(String link) {
        return io.databroker.shared.id.DocumentIds.newsByLink(link);
    }

    private static long hits(JsonNode response) {
        return response.at("/hits/total/value").asLong();
    }

    private static List<String> ids(JsonNode response) {
        return response.at("/hits/hits").valueStream().map(hit -> hit.get("_id").asString()).toList();
    }

    private static Map<String, Long> buckets(JsonNode response) {
        Map<String, Long> buckets = new java.util.LinkedHashMap<>();
        response.at("/aggregations/by/buckets").valueStream()
                .forEach(b -> buckets.put(b.get("key").asString(), b.get("doc_count").asLong()));
        return buckets;
    }
}
