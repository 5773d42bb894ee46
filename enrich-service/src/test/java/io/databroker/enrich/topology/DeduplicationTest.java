package io.databroker.enrich.topology;

import static io.databroker.enrich.topology.EnrichTopologyFixture.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.JsonNode;

/** Deduplication by document id within the window: redeliveries dropped, changed documents pass as updates. */
class DeduplicationTest {

    private static final String NEWS = """
            {"id":"news:%s","feed_url":"https://f.example/rss","link":"https://f.example/a","title":"%s","content_hash":"%s",
             "fetched_at":"2025-03-01T10:00:00Z"}""";
    private static final String NEWS_ID = "a".repeat(64);

    private final EnrichTopologyFixture fixture = new EnrichTopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void dropsGithubPollOverlapAndRedelivery() {
        String event = fixture("github/rest-2025-push.json");
        fixture.pipe(Source.GITHUB, "50486820386", event);
        fixture.pipe(Source.GITHUB, "50486820386", event, EnrichTopologyFixture.RECORD_TIME.plusSeconds(60));
        fixture.pipe(Source.GITHUB, "50486820386", event, EnrichTopologyFixture.RECORD_TIME.plusSeconds(120));

        assertThat(fixture.documents(Source.GITHUB)).hasSize(1);
        assertThat(fixture.dedup("github", "dropped")).isEqualTo(2.0);
    }

    @Test
    void changedNewsItemPassesAsUpdateAndItsRedeliveryIsDropped() {
        fixture.pipe(Source.NEWS, "k", NEWS.formatted(NEWS_ID, "First", "h1"));
        fixture.pipe(Source.NEWS, "k", NEWS.formatted(NEWS_ID, "First", "h1"));
        fixture.pipe(Source.NEWS, "k", NEWS.formatted(NEWS_ID, "Corrected", "h2"));
        fixture.pipe(Source.NEWS, "k", NEWS.formatted(NEWS_ID, "Corrected", "h2"));

        assertThat(fixture.documents(Source.NEWS)).extracting(d -> d.get("title").asString()).containsExactly("First", "Corrected");
        assertThat(fixture.dedup("news", "updated")).isEqualTo(1.0);
        assertThat(fixture.dedup("news", "dropped")).isEqualTo(2.0);
    }

    @Test
    void sameIdAfterTheWindowPassesAgain() {
        String event = fixture("github/rest-2025-push.json");
        Instant first = EnrichTopologyFixture.RECORD_TIME.minus(Duration.ofDays(20));
        fixture.pipe(Source.GITHUB, "50486820386", event, first);
        // another record moves stream time on, so the first entry expires
        fixture.pipe(Source.GITHUB, "1", """
                {"id":"1","type":"WatchEvent","actor":{"login":"a"},"repo":{"name":"o/r"},"created_at":"2025-02-01T00:00:00Z"}""",
                first.plus(EnrichTopologyFixture.DEDUP_WINDOW).plus(Duration.ofDays(1)));
        fixture.pipe(Source.GITHUB, "50486820386", event, first.plus(EnrichTopologyFixture.DEDUP_WINDOW).plus(Duration.ofDays(2)));

        assertThat(fixture.documents(Source.GITHUB)).extracting(d -> d.get("event_id").asString())
                .containsExactly("50486820386", "1", "50486820386");
        assertThat(fixture.dedup("github", "dropped")).isEqualTo(0.0);
    }

    @Test
    void arxivReHarvestIsDroppedButAMetadataUpdateAndANewVersionPass() {
        String v1 = """
                {"arxiv_id":"2411.01234","version":1,"datestamp":"%s","title":"Streams","journal_ref":%s}""";
        fixture.pipe(Source.ARXIV, "2411.01234", v1.formatted("2024-11-20", "null"));
        fixture.pipe(Source.ARXIV, "2411.01234", v1.formatted("2024-11-20", "null"));
        fixture.pipe(Source.ARXIV, "2411.01234", v1.formatted("2025-01-10", "\"J. Streams 1 (2025) 1\""));
        fixture.pipe(Source.ARXIV, "2411.01234", """
                {"arxiv_id":"2411.01234","version":2,"datestamp":"2025-01-12","title":"Streams v2"}""");

        assertThat(fixture.documents(Source.ARXIV)).extracting(d -> d.get("id").asString() + " " + d.get("journal_ref"))
                .containsExactly("arxiv:2411.01234v1 null", "arxiv:2411.01234v1 \"J. Streams 1 (2025) 1\"", "arxiv:2411.01234v2 null");
        assertThat(fixture.dedup("arxiv", "dropped")).isEqualTo(1.0);
        assertThat(fixture.dedup("arxiv", "updated")).isEqualTo(1.0);
    }

    @Test
    void dnsRedeliveryIsDroppedAndNotCountedTwiceInTheDomainTable() {
        String query = fixture("dns/client-response-www-isc-org.json");
        fixture.pipe(Source.DNS, "www.isc.org", query);
        fixture.pipe(Source.DNS, "www.isc.org", query);

        assertThat(fixture.documents(Source.DNS)).hasSize(1);
        var updates = fixture.domains.readValuesToList();
        JsonNode table = Json.mapper().readTree(updates.get(updates.size() - 1));
        assertThat(table.get("query_count").asLong()).isEqualTo(1);
        assertThat(fixture.dedup("dns", "dropped")).isEqualTo(1.0);
    }
}
