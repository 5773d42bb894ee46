package io.databroker.ingest.news.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.databroker.ingest.news.feed.FeedParser;
import io.databroker.shared.envelope.CloudEvent;
import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.JsonNode;

class NewsItemMapperTest {

    private static final String FEED_URL = "https://feeds.example.org/tech.xml";
    private static final Instant FETCHED_AT = Instant.parse("2025-03-01T12:00:00Z");

    private final NewsItemMapper mapper = new NewsItemMapper();

    @Test
    void mapsRss2ItemWithCdataHtmlAndRfc822Date() {
        NewsItemMapper.Mapped mapped = map("rss2-cdata-html-rfc822.xml", null);

        NewsItem kafka = mapped.items().get(0);
        assertThat(kafka.id()).isEqualTo(DocumentIds.newsByLink("https://www.example.org/tech/kafka-4-2?ref=front"));
        assertThat(kafka.link()).isEqualTo("https://www.Example.org/tech/kafka-4-2?utm_source=rss&utm_medium=feed&ref=front#comments");
        assertThat(kafka.guid()).isEqualTo("https://www.example.org/?p=1001");
        assertThat(kafka.sourceName()).isEqualTo("Example Tech Desk");
        assertThat(kafka.title()).isEqualTo("Kafka 4.2 ships with   share groups");
        assertThat(kafka.published()).isEqualTo(Instant.parse("2025-01-14T08:30:00Z"));
        assertThat(kafka.updated()).isNull();
        assertThat(kafka.authors()).containsExactly("Ada Lovelace");
        assertThat(kafka.categories()).containsExactly("Streaming", "Open source");
        assertThat(kafka.language()).isEqualTo("en-GB");
        assertThat(kafka.enclosures()).containsExactly("https://cdn.example.org/kafka-4-2.mp3");
        assertThat(kafka.summary()).contains("<b>Apache Kafka</b>").contains("share groups");
        assertThat(kafka.content()).isEqualTo("<figure><img src=\"https://cdn.example.org/kafka.jpg\" alt=\"Kafka logo\"/></figure>"
                + "<p>Full story: share groups are <em>generally available</em>.</p>");
        assertThat(kafka.contentHash()).isEqualTo(NewsItemMapper.contentHash(kafka.title(), kafka.summary(), kafka.content()));
        assertThat(kafka.fetchedAt()).isEqualTo(FETCHED_AT);
    }

    @Test
    void decodesEntitiesInTitlesAndConvertsNamedZonesToUtc() {
        List<NewsItem> items = map("rss2-cdata-html-rfc822.xml", null).items();

        assertThat(items.get(1).title()).isEqualTo("Postgres \u201c18\u201d beta");
        assertThat(items.get(1).published()).isEqualTo(Instant.parse("2025-01-13T23:59:59Z"));
        assertThat(items.get(1).authors()).containsExactly("editor@example.org (Grace Hopper)");
        assertThat(items.get(2).published()).isEqualTo(Instant.parse("2025-01-13T13:00:00Z"));
    }

    @Test
    void identifiesItemWithoutLinkByFeedUrlAndGuid() {
        NewsItem liveblog = map("rss2-cdata-html-rfc822.xml", null).items().get(2);

        assertThat(liveblog.link()).isNull();
        assertThat(liveblog.guid()).isEqualTo("liveblog-2025-01-13");
        assertThat(liveblog.id()).isEqualTo(DocumentIds.newsByGuid(FEED_URL, "liveblog-2025-01-13"));
    }

    @Test
    void skipsItemsWithNeitherLinkNorGuid() {
        NewsItemMapper.Mapped mapped = map("rss2-cdata-html-rfc822.xml", null);

        assertThat(mapped.items()).hasSize(3);
        assertThat(mapped.unidentifiable()).isEqualTo(1);
    }

    @Test
    void readsIso88591FeedFromRawBytesWhenServedAsTextXmlWithoutCharset() {
        NewsItemMapper.Mapped mapped = map("rss091-iso-8859-1-no-dates.xml", "text/xml");

        NewsItem item = mapped.items().get(0);
        assertThat(item.sourceName()).isEqualTo("Tribunal Exemplar de Justi\u00e7a");
        assertThat(item.title()).isEqualTo("Comit\u00ea completa 150 dias de atua\u00e7\u00e3o na preven\u00e7\u00e3o");
        assertThat(item.summary()).startsWith("Comit\u00ea completa 150 dias de atua\u00e7\u00e3o.");
        assertThat(item.link()).isEqualTo("http://www.tribunal.example.br/noticias/mostra.php?assunto=1&item=506095");
        assertThat(item.published()).isNull();
        assertThat(item.updated()).isNull();
        assertThat(item.eventTime()).isEqualTo(FETCHED_AT);
        assertThat(item.language()).isEqualTo("pt-br");
    }

    @Test
    void mapsAtomEntriesWithPublishedAndUpdatedAndSeveralAuthors() {
        List<NewsItem> items = map("atom-html-content.xml", "application/atom+xml; charset=utf-8").items();

        NewsItem release = items.get(0);
        assertThat(release.guid()).isEqualTo("tag:releases.example.com,2008:Repository/42/v1.2.0");
        assertThat(release.link()).isEqualTo("https://releases.example.com/example-lib/releases/tag/v1.2.0");
        assertThat(release.title()).isEqualTo("v1.2.0 &mdash; faster parsing");
        assertThat(release.published()).isEqualTo(Instant.parse("2025-01-31T23:15:00Z"));
        assertThat(release.updated()).isEqualTo(Instant.parse("2025-02-01T01:00:00Z"));
        assertThat(release.authors()).containsExactly("Mark Writer", "Second Author");
        assertThat(release.categories()).containsExactly("release");
        assertThat(release.summary()).isEqualTo("Faster parsing and fewer allocations.");
        assertThat(release.content()).isEqualTo("<ul><li>migrate to Java 17</li><li>event-based parser</li></ul>");

        NewsItem older = items.get(1);
        assertThat(older.published()).isNull();
        assertThat(older.eventTime()).isEqualTo(Instant.parse("2025-01-20T08:00:00Z"));
    }

    @Test
    void mapsRss1DublinCoreDate() {
        NewsItem item = map("rss1-rdf-dc-date.xml", null).items().get(0);

        assertThat(item.published()).isEqualTo(Instant.parse("2024-12-17T00:00:00Z"));
        assertThat(item.title()).isEqualTo("Example 12.9 released");
    }

    @Test
    void writesSchemaFieldNamesAndEnvelope() {
        NewsItem item = map("rss2-cdata-html-rfc822.xml", null).items().get(0);

        JsonNode json = Json.mapper().readTree(item.toJson());
        assertThat(json.get("id").asString()).isEqualTo(item.id());
        assertThat(json.get("feed_url").asString()).isEqualTo(FEED_URL);
        assertThat(json.get("published").asString()).isEqualTo("2025-01-14T08:30:00Z");
        assertThat(json.get("fetched_at").asString()).isEqualTo("2025-03-01T12:00:00Z");
        assertThat(json.get("updated").isNull()).isTrue();
        assertThat(json.get("authors").get(0).asString()).isEqualTo("Ada Lovelace");
        assertThat(item.cloudEvent()).isEqualTo(new CloudEvent(item.id(), FEED_URL, Source.NEWS.eventType(),
                Instant.parse("2025-01-14T08:30:00Z")));
    }

    @Test
    void contentHashChangesWithTitleSummaryOrContentOnly() {
        String base = NewsItemMapper.contentHash("t", "s", "c");

        assertThat(NewsItemMapper.contentHash("t", "s", "c")).isEqualTo(base);
        assertThat(NewsItemMapper.contentHash("t2", "s", "c")).isNotEqualTo(base);
        assertThat(NewsItemMapper.contentHash("t", "s2", "c")).isNotEqualTo(base);
        assertThat(NewsItemMapper.contentHash("t", "s", "c2")).isNotEqualTo(base);
    }

    @Test
    void resolvesRelativeLinksAgainstTheFeedUrl() {
        assertThat(NewsItemMapper.resolve(FEED_URL, "/tech/story")).isEqualTo("https://feeds.example.org/tech/story");
        assertThat(NewsItemMapper.resolve(FEED_URL, "https://other.example/x")).isEqualTo("https://other.example/x");
        assertThat(NewsItemMapper.resolve(FEED_URL, "https://other.example/a b")).isEqualTo("https://other.example/a b");
    }

    @Test
    void keepsFirstOfDuplicateItemsInOneDocument() {
        String rss = """
                <rss version="2.0"><channel><title>Dup</title>
                <item><title>first</title><link>https://example.com/a?utm_source=x</link></item>
                <item><title>second</title><link>https://EXAMPLE.com/a</link></item>
                </channel></rss>""";
        var feed = new FeedParser().parse(rss.getBytes(StandardCharsets.UTF_8), null);

        List<NewsItem> items = mapper.map(feed, FEED_URL, FETCHED_AT).items();

        assertThat(items).extracting(NewsItem::title).containsExactly("first");
    }

    private NewsItemMapper.Mapped map(String fixture, String contentType) {
        return mapper.map(new FeedParser().parse(fixture(fixture), contentType), FEED_URL, FETCHED_AT);
    }

    static byte[] fixture(String name) {
        try (InputStream in = NewsItemMapperTest.class.getResourceAsStream("/fixtures/rss/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
