package io.databroker.enrich.topology;

import static io.databroker.enrich.topology.EnrichTopologyFixture.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.databroker.enrich.join.DomainStats;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.JsonNode;

/** Domain intelligence: DNS builds a table per registrable domain; news and GitHub URLs look it up. */
class DomainIntelligenceJoinTest {

    private final EnrichTopologyFixture fixture = new EnrichTopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private void dns(String qname, String time, String answerType, String address) {
        String answers = answerType == null ? "[]" : """
                [{"name":"%s.","type":"%s","ttl":300,"data":"%s"}]""".formatted(qname, answerType, address);
        fixture.pipe(Source.DNS, qname, """
                {"message_type":"CLIENT_RESPONSE","query_time":"%s","qname":"%s.","qtype":"%s","rcode":"NOERROR","answers":%s,
                 "query_address":"192.0.2.77","query_port":5353,"message_id":%d}"""
                .formatted(time, qname, answerType == null ? "A" : answerType, answers, Math.abs(time.hashCode() % 65535)));
    }

    @Test
    void githubUrlsGetFirstSeenAndLatestAnswersOfTheirRegistrableDomain() {
        dns("blog.example.co.uk", "2025-02-27T10:00:00Z", "A", "192.0.2.10");
        dns("www.example.co.uk", "2025-02-28T10:00:00Z", "AAAA", "2001:db8::10");

        fixture.pipe(Source.GITHUB, "50473417741", fixture("github/rest-2025-issue-comment-mentions-papers.json"));

        JsonNode doc = fixture.onlyDocument(Source.GITHUB);
        assertThat(doc.get("urls")).extracting(JsonNode::asString).contains("https://blog.example.co.uk/posts/kafka?id=7");
        assertThat(entry(doc, "example.co.uk")).isEqualTo(Json.mapper().readTree("""
                {"name": "example.co.uk", "first_seen": "2025-02-27T10:00:00Z", "resolves_to": ["2001:db8::10"]}"""));
        assertThat(entry(doc, "arxiv.org")).isEqualTo(Json.mapper().readTree("""
                {"name": "arxiv.org", "first_seen": null, "resolves_to": []}"""));
        assertThat(fixture.joins("github", "domains", "hit")).isEqualTo(1.0);
        assertThat(fixture.joins("github", "domains", "miss")).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void newsLinkDomainIsLookedUpToo() {
        dns("arstechnica.com", "2025-02-20T08:00:00Z", "A", "192.0.2.44");

        fixture.pipe(Source.NEWS, null, fixture("news/rss2-arstechnica-item-mentions-paper.json"));

        assertThat(entry(fixture.onlyDocument(Source.NEWS), "arstechnica.com")).isEqualTo(Json.mapper().readTree("""
                {"name": "arstechnica.com", "first_seen": "2025-02-20T08:00:00Z", "resolves_to": ["192.0.2.44"]}"""));
        assertThat(fixture.joins("news", "domains", "hit")).isEqualTo(1.0);
    }

    @Test
    void dnsDocumentsAreNewlyObservedOnlyWithin24HoursOfTheFirstQuery() {
        dns("a.example.org", "2025-02-27T10:00:00Z", "A", "192.0.2.1");
        dns("b.example.org", "2025-02-28T09:59:59Z", null, null);
        dns("c.example.org", "2025-02-28T10:00:00Z", null, null);
        dns("d.example.org", "2025-02-26T10:00:00Z", null, null);

        List<JsonNode> docs = fixture.documents(Source.DNS);
        assertThat(docs).extracting(d -> d.get("qname").asString() + "=" + d.get("newly_observed").asBoolean())
                .containsExactly("a.example.org=true", "b.example.org=true", "c.example.org=false", "d.example.org=true");
        assertThat(docs).allSatisfy(d -> assertThat(d.get("registrable_domain").asString()).isEqualTo("example.org"));
    }

    @Test
    void domainTableAggregatesAllNamesUnderTheDomain() {
        dns("a.example.org", "2025-02-27T10:00:00Z", "A", "192.0.2.1");
        dns("b.example.org", "2025-02-26T10:00:00Z", null, null);
        dns("c.example.org", "2025-02-28T10:00:00Z", "A", "192.0.2.3");
        dns("www.other.net", "2025-02-28T10:00:00Z", null, null);

        Map<String, DomainStats> table = new HashMap<>();
        fixture.domains.readKeyValuesToList().forEach(kv -> table.put(kv.key, DomainStats.fromJson(kv.value)));
        assertThat(table).containsOnlyKeys("example.org", "other.net");
        DomainStats example = table.get("example.org");
        assertThat(example.queryCount()).isEqualTo(3);
        assertThat(example.firstSeen()).hasToString("2025-02-26T10:00:00Z");
        assertThat(example.lastSeen()).hasToString("2025-02-28T10:00:00Z");
        assertThat(example.resolvesTo()).containsExactly("192.0.2.3");
    }

    private static JsonNode entry(JsonNode doc, String name) {
        for (JsonNode domain : doc.get("domains")) {
            if (domain.get("name").asString().equals(name)) {
                return domain;
            }
        }
        throw new AssertionError("no domains entry " + name + " in " + doc.get("domains"));
    }
}
