package io.databroker.enrich.topology;

import static io.databroker.enrich.topology.EnrichTopologyFixture.envelope;
import static io.databroker.enrich.topology.EnrichTopologyFixture.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.json.Json;

/** A news item with HTML, tracking parameters and offsets becomes exactly the canonical document. */
class NewsNormalizationTest {

    private static final String ID = DocumentIds.newsByLink("https://www.example.org/tech/kafka-4-2?ref=front");

    private final EnrichTopologyFixture fixture = new EnrichTopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void normalizesHtmlNewsItemToCanonicalDocument() {
        String raw = """
                {
                  "id": "%s",
                  "feed_url": "https://feeds.example.org/tech.xml",
                  "source_name": "  Example   Tech\\u00a0Desk ",
                  "guid": "https://www.example.org/?p=1001",
                  "link": "https://www.Example.org/tech/kafka-4-2?utm_source=rss&utm_medium=feed&ref=front#comments",
                  "title": "Kafka 4.2 ships with &amp; <b>share</b>\\n   groups",
                  "authors": ["  Ada Lovelace ", "", "Ada Lovelace", "Grace  Hopper"],
                  "published": "2025-01-14T09:30:00+01:00",
                  "updated": "2025-01-14T10:00:00.123456+01:00",
                  "summary": "<p>The <b>Apache Kafka</b> project released 4.2 &amp; it brings <a href=\\"https://kafka.apache.org/\\">share groups</a>.</p>",
                  "content": "<figure><img src=\\"k.jpg\\" alt=\\"logo\\"/></figure><p>Full story:</p><script>track()</script><p>share groups are <em>GA</em>.</p>",
                  "categories": ["Streaming", " Open   source "],
                  "language": "en-GB",
                  "enclosures": ["https://cdn.example.org/kafka-4-2.mp3"],
                  "content_hash": "3c615d37",
                  "fetched_at": "2025-03-01T10:00:00Z"
                }""".formatted(ID);

        fixture.pipe(ID, raw, envelope(ID, "https://feeds.example.org/tech.xml", Instant.parse("2025-01-14T08:30:00Z")));

        TestRecord<String, byte[]> out = fixture.newsEnriched.readRecord();
        assertThat(out.key()).isEqualTo(ID);
        assertThat(Json.mapper().readTree(out.value())).isEqualTo(Json.mapper().readTree("""
                {
                  "id": "%s",
                  "source": "news",
                  "event_time": "2025-01-14T08:30:00Z",
                  "event_date": "2025-01-14",
                  "ingested_at": "2025-03-01T10:00:00Z",
                  "enriched_at": "2025-07-01T12:00:00Z",
                  "feed_url": "https://feeds.example.org/tech.xml",
                  "source_name": "Example Tech Desk",
                  "title": "Kafka 4.2 ships with & share groups",
                  "link": "https://www.example.org/tech/kafka-4-2?ref=front",
                  "authors": ["Ada Lovelace", "Grace Hopper"],
                  "published": "2025-01-14T08:30:00Z",
                  "updated": "2025-01-14T09:00:00.123Z",
                  "summary": "The Apache Kafka project released 4.2 & it brings share groups.",
                  "content": "Full story: share groups are GA.",
                  "categories": ["Streaming", "Open source"],
                  "language": "en-gb",
                  "content_hash": "3c615d37",
                  "arxiv_ids": [],
                  "dois": [],
                  "github_repos": [],
                  "urls": ["https://www.example.org/tech/kafka-4-2?ref=front", "https://kafka.apache.org/"],
                  "linked_papers": [],
                  "domains": [
                    {"name": "example.org", "first_seen": null, "resolves_to": []},
                    {"name": "apache.org", "first_seen": null, "resolves_to": []}
                  ]
                }""".formatted(ID)));
        assertThat(header(out.headers(), CloudEventHeaders.ID)).isEqualTo(ID);
        assertThat(header(out.headers(), CloudEventHeaders.SOURCE)).isEqualTo("https://feeds.example.org/tech.xml");
        assertThat(header(out.headers(), CloudEventHeaders.TIME)).isEqualTo("2025-01-14T08:30:00Z");
        assertThat(header(out.headers(), CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(fixture.newsEnriched.isEmpty()).isTrue();
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
        assertThat(fixture.meters.get("broker.events.processed").tag("source", "news").tag("stage", "enriched").counter().count()).isEqualTo(1.0);
    }

    @Test
    void fallsBackToUpdatedThenFetchTimeForEventTime() {
        fixture.pipe("a", """
                {"feed_url":"https://f.example/rss","guid":"g-1","updated":"2024-12-31T23:30:00-01:00","fetched_at":"2025-03-01T10:00:00Z"}""",
                new RecordHeaders());
        fixture.pipe("b", """
                {"feed_url":"https://f.example/rss","guid":"g-2","published":"2025-02-27T08:00:00Z","published_is_fetch_time":true,
                 "fetched_at":"2025-02-27T08:00:00Z"}""", new RecordHeaders());

        var docs = fixture.newsEnriched.readValuesToList().stream().map(v -> Json.mapper().readTree(v)).toList();
        assertThat(docs.get(0).get("event_time").asString()).isEqualTo("2025-01-01T00:30:00Z");
        assertThat(docs.get(0).get("event_date").asString()).isEqualTo("2025-01-01");
        assertThat(docs.get(0).get("published").isNull()).isTrue();
        assertThat(docs.get(1).get("event_time").asString()).isEqualTo("2025-02-27T08:00:00Z");
        assertThat(docs.get(1).get("published").isNull()).isTrue();
        assertThat(fixture.newsEnriched.isEmpty()).isTrue();
    }

    @Test
    void keepsNonEnvelopeHeadersSuchAsTraceContext() {
        RecordHeaders headers = (RecordHeaders) envelope(ID, "https://feeds.example.org/tech.xml", Instant.parse("2025-01-14T08:30:00Z"));
        headers.add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes(StandardCharsets.UTF_8));

        fixture.pipe(ID, """
                {"feed_url":"https://feeds.example.org/tech.xml","link":"https://www.example.org/tech/kafka-4-2?ref=front","fetched_at":"2025-03-01T10:00:00Z"}""",
                headers);

        TestRecord<String, byte[]> out = fixture.newsEnriched.readRecord();
        assertThat(header(out.headers(), "traceparent")).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        assertThat(out.headers().headers(CloudEventHeaders.ID)).hasSize(1);
        assertThat(fixture.newsEnriched.isEmpty()).isTrue();
    }
}
