package io.databroker.ingest.news.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.databroker.ingest.news.Fixtures;
import io.databroker.ingest.news.feed.FeedParser;
import io.databroker.ingest.news.feed.FeedSource;
import io.databroker.shared.envelope.CloudEvent;
import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.JsonNode;

class NewsItemMapperTest {

    private static final String FEED_URL = "https://feeds.example.org/tech.xml";
    private static final FeedSource SOURCE = new FeedSource(URI.create(FEED_URL), "tech", "Tech from OPML", Duration.ofMinutes(10));
    private static final Instant FETCHED_AT = Instant.parse("2025-03-01T12:00:00Z");

    private final NewsItemMapper mapper = new NewsItemMapper();

    @Test
    void mapsRss2ItemToPlainTextWithCanonicalId() {
        NewsItemMapper.Mapped mapped = map("rss2-cdata-html-rfc822.xml", null);

        NewsItem kafka = mapped.items().get(0);
        assertThat(kafka.id()).isEqualTo(DocumentIds.newsByLink("https://www.example.org/tech/kafka-4-2?ref=front"));
        assertThat(kafka.link()).isEqualTo("https://www.Example.org/tech/kafka-4-2?utm_source=rss&utm_medium=feed&ref=front#comments");
        assertThat(kafka.guid()).isEqualTo("https://www.example.org/?p=1001");
        assertThat(kafka.feedUrl()).isEqualTo(FEED_URL);
        assertThat(kafka.feedLabel()).isEqualTo("tech");
        assertThat(kafka.sourceName()).isEqualTo("Example Tech Desk");
        assertThat(kafka.title()).isEqualTo("Kafka 4.2 ships with share groups");
        assertThat(kafka.published()).isEqualTo(Instant.parse("2025-01-14T08:30:00Z"));
        assertThat(kafka.publishedIsFetchTime()).isFalse();
        assertThat(kafka.updated()).isNull();
        assertThat(kafka.authors()).containsExactly("Ada Lovelace");
        assertThat(kafka.categories()).containsExactly("Streaming", "Open source");
        assertThat(kafka.language()).isEqualTo("en-GB");
        assertThat(kafka.enclosures()).containsExactly("https://cdn.example.org/kafka-4-2.mp3");
        assertThat(kafka.summary()).isEqualTo("The Apache Kafka project released 4.2 & it brings share groups.");
        assertThat(kafka.content()).isEqualTo("Full story: share groups are generally available.");
        assertThat(kafka.contentHash()).isEqualTo(NewsItemMapper.contentHash(kafka.title(), kafka.summary(), kafka.content()));
        assertThat(kafka.fetchedAt()).isEqualTo(FETCHED_AT);
    }

    @Test
    void decodesEntitiesTakesNamesFromRssAuthorsAndConvertsNamedZones() {
        List<NewsItem> items = map("rss2-cdata-html-rfc822.xml", null).items();

        assertThat(items.get(1).title()).isEqualTo("Postgres \u201c18\u201d beta");
        assertThat(items.get(1).summary()).isEqualTo("Beta 1 is out. Test it.");
        assertThat(items.get(1).published()).isEqualTo(Instant.parse("2025-01-13T23:59:59Z"));
        assertThat(items.get(1).authors()).containsExactly("Grace Hopper");
        assertThat(items.get(2).published()).isEqualTo(Instant.parse("2025-01-13T13:00:00Z"));
    }

    @Test
    void identifiesItemWithoutLinkByConfiguredFeedUrlAndGuid() {
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
    void undatedItemsGetTheFetchTimeMarkedAsSuch() {
        NewsItem item = map("rss091-iso-8859-1-no-dates.xml", "text/xml").items().get(0);

        assertThat(item.sourceName()).isEqualTo("Tribunal Exemplar de Justi\u00e7a");
        assertThat(item.title()).isEqualTo("Comit\u00ea completa 150 dias de atua\u00e7\u00e3o na preven\u00e7\u00e3o");
        assertThat(item.link()).isEqualTo("http://www.tribunal.example.br/noticias/mostra.php?assunto=1&item=506095");
        assertThat(item.guid()).as("no <guid>: Rome's fallback to the link is not a guid").isNull();
        assertThat(item.published()).isEqualTo(FETCHED_AT);
        assertThat(item.publishedIsFetchTime()).isTrue();
        assertThat(item.updated()).isNull();
        assertThat(item.language()).isEqualTo("pt-br");
    }

    @Test
    void mapsTitlelessRss092ItemInWindows1252() {
        NewsItem item = map("rss092-enclosure-no-guid.xml", "text/xml").items().get(0);

        assertThat(item.title()).isNull();
        assertThat(item.summary()).isEqualTo("Today: the \u201csmart\u201d quotes are windows-1252.");
        assertThat(item.enclosures()).containsExactly("http://scripting.example.com/audio/0626.mp3");
        assertThat(item.categories()).containsExactly("Blogging");
        assertThat(item.publishedIsFetchTime()).isTrue();
    }

    @Test
    void readsTheDatesFeedsActuallyWrite() {
        List<NewsItem> items = map("rss2-awkward-dates.xml", null).items();

        assertThat(items).extracting(NewsItem::published).containsExactly(
                Instant.parse("2023-12-16T14:02:33Z"), Instant.parse("2025-11-04T19:25:56Z"),
                Instant.parse("2022-11-16T04:33:59Z"), Instant.parse("2013-01-01T00:00:00Z"),
                Instant.parse("2020-11-10T10:00:00Z"), null, FETCHED_AT, FETCHED_AT);
        assertThat(items.get(5).updated()).isEqualTo(Instant.parse("2022-06-12T06:10:00Z"));
        assertThat(items.get(5).publishedIsFetchTime()).isFalse();
        assertThat(items).extracting(NewsItem::publishedIsFetchTime)
                .containsExactly(false, false, false, false, false, false, true, true);
        assertThat(items.get(0).language()).isEqualTo("IT-it");
    }

    @Test
    void resolvesRelativeLinksAndEnclosuresAgainstTheDocumentUrl() {
        URI movedTo = URI.create("https://relative.example.org/feeds/all.xml");
        List<NewsItem> items = mapper.map(new FeedParser().parse(Fixtures.feed("rss2-relative-links-no-guids.xml"), null),
                SOURCE, movedTo, FETCHED_AT).items();

        assertThat(items).as("the same article twice is one record").hasSize(2);
        NewsItem first = items.get(0);
        assertThat(first.link()).isEqualTo("https://relative.example.org/en/blog_post/103");
        assertThat(first.guid()).isNull();
        assertThat(first.id()).isEqualTo(DocumentIds.newsByLink("https://relative.example.org/en/blog_post/103"));
        assertThat(first.summary()).isEqualTo("Snowflake gained more popularity in our DB-Engines Ranking than any other system.");
        assertThat(first.enclosures()).containsExactly("https://relative.example.org/feeds/media/ranking.png",
                "https://cdn.relative.example.org/video/103.mp4");
        assertThat(first.sourceName()).isEqualTo("Relative & Co.");
        NewsItem second = items.get(1);
        assertThat(second.link()).isEqualTo("https://relative.example.org/feeds/posts/second.html?utm_campaign=feed");
        assertThat(second.id()).isEqualTo(DocumentIds.newsByLink("https://relative.example.org/feeds/posts/second.html"));
        assertThat(second.summary()).isEqualTo("Escaped HTML in the description.");
        assertThat(second.enclosures()).containsExactly("https://cdn.relative.example.org/video/second-hd.mp4",
                "https://cdn.relative.example.org/video/second-sd.mp4");
    }

    @Test
    void dropsScriptsAndKeepsNonAsciiTextFromABomFeed() {
        NewsItem item = map("rss2-utf8-bom-crlf.xml", "application/rss+xml").items().get(0);

        assertThat(item.summary()).isEqualTo("I was nearly murdered by a coconut today. For real \u2014 caf\u00e9 owners, beware.");
        assertThat(item.published()).isEqualTo(Instant.parse("2019-05-24T07:00:00Z"));
    }

    @Test
    void mapsGb2312FeedWithSlashDates() {
        NewsItem item = map("rss2-gb2312-slash-dates.xml", "text/xml").items().get(0);

        assertThat(item.title()).isEqualTo("\u5efa\u56fd35\u5468\u5e74");
        assertThat(item.authors()).containsExactly("\u5927\u6d77");
        assertThat(item.published()).isEqualTo(Instant.parse("2020-01-10T14:33:00Z"));
        assertThat(item.language()).isEqualTo("zh-cn");
    }

    @Test
    void mapsRss1WithDublinCoreAndContentEncoded() {
        NewsItem item = map("rss1-rdf-iso-8859-1-content-encoded.xml", null).items().get(0);

        assertThat(item.title()).isEqualTo("Glasfaser: Stra\u00dfenausbau verz\u00f6gert sich");
        assertThat(item.guid()).isEqualTo("https://www.it-news.example.de/news/glasfaser-2001-123.html");
        assertThat(item.id()).isEqualTo(DocumentIds.newsByLink("https://www.it-news.example.de/news/glasfaser-2001-123.html"));
        assertThat(item.authors()).containsExactly("J\u00fcrgen M\u00fcller");
        assertThat(item.categories()).containsExactly("Glasfaser");
        assertThat(item.published()).isEqualTo(Instant.parse("2020-08-13T10:20:01Z"));
        assertThat(item.content()).isEqualTo("Der Ausbau verz\u00f6gert sich um Monate \u2013 sagt der Betreiber.");
        assertThat(item.language()).isEqualTo("de");
        assertThat(map("rss1-rdf-dc-date.xml", null).items().get(0).published()).isEqualTo(Instant.parse("2024-12-17T00:00:00Z"));
    }

    @Test
    void mapsAtomEntriesWithPublishedAndUpdatedAndSeveralAuthors() {
        List<NewsItem> items = map("atom-html-content.xml", "application/atom+xml; charset=utf-8").items();

        NewsItem release = items.get(0);
        assertThat(release.guid()).isEqualTo("tag:releases.example.com,2008:Repository/42/v1.2.0");
        assertThat(release.link()).isEqualTo("https://releases.example.com/example-lib/releases/tag/v1.2.0");
        assertThat(release.title()).isEqualTo("v1.2.0 \u2014 faster parsing");
        assertThat(release.published()).isEqualTo(Instant.parse("2025-01-31T23:15:00Z"));
        assertThat(release.updated()).isEqualTo(Instant.parse("2025-02-01T01:00:00Z"));
        assertThat(release.authors()).containsExactly("Mark Writer", "Second Author");
        assertThat(release.categories()).containsExactly("release");
        assertThat(release.summary()).isEqualTo("Faster parsing and fewer allocations.");
        assertThat(release.content()).isEqualTo("migrate to Java 17 event-based parser");
        assertThat(release.language()).isEqualTo("en");

        NewsItem older = items.get(1);
        assertThat(older.published()).isNull();
        assertThat(older.publishedIsFetchTime()).isFalse();
        assertThat(older.eventTime()).isEqualTo(Instant.parse("2025-01-20T08:00:00Z"));
    }

    @Test
    void atomTextConstructsKeepAngleBracketsAndRelativeLinksResolve() {
        List<NewsItem> items = mapper.map(new FeedParser().parse(Fixtures.feed("atom10-xml-base-relative.xml"), null),
                SOURCE, URI.create("https://blog.example.net/feed.xml"), FETCHED_AT).items();

        assertThat(items.get(0).link()).isEqualTo("https://blog.example.net/post/2022/travel-uke/");
        assertThat(items.get(0).content()).isEqualTo("A ukulele for travelling.");
        assertThat(items.get(0).sourceName()).isEqualTo("my cool <em>website</em> title");
        assertThat(items.get(0).language()).isEqualTo("en-GB");
        assertThat(items.get(1).title()).isEqualTo("Vec<T> in plain text");
        assertThat(items.get(1).link()).isNull();
        assertThat(items.get(1).id()).isEqualTo(DocumentIds.newsByGuid(FEED_URL, "tag:blog.example.net,2022:no-link"));
        assertThat(items.get(1).summary()).isEqualTo("An XHTML summary.");
    }

    @Test
    void mapsAtom03IssuedModifiedAndEscapedContent() {
        NewsItem item = map("atom03-feed.xml", null).items().get(0);

        assertThat(item.link()).isEqualTo("https://oldblog.example.org/2005/07/31/atom-03");
        assertThat(item.published()).isEqualTo(Instant.parse("2005-07-31T12:29:29Z"));
        assertThat(item.updated()).isEqualTo(Instant.parse("2005-08-01T09:00:00Z"));
        assertThat(item.summary()).isEqualTo("Short text summary.");
        assertThat(item.content()).isEqualTo("Some escaped HTML.");
    }

    @Test
    void collectsMediaContentInsideMediaGroupOfAtom() {
        NewsItem video = map("atom10-media-group.xml", null).items().get(0);

        assertThat(video.enclosures()).containsExactly("https://www.youtube.com/v/0A1ouV7iD8o?version=3");
        assertThat(video.authors()).containsExactly("Space Time Example");
        assertThat(video.sourceName()).isEqualTo("Space Time Example");
    }

    @Test
    void fallsBackToTheOpmlTitleWhenTheFeedHasNone() {
        String rss = "<rss version=\"2.0\"><channel><item><link>https://example.com/a</link></item></channel></rss>";

        NewsItem item = mapper.map(new FeedParser().parse(rss.getBytes(StandardCharsets.UTF_8), null), SOURCE,
                SOURCE.url(), FETCHED_AT).items().get(0);

        assertThat(item.sourceName()).isEqualTo("Tech from OPML");
    }

    @Test
    void writesSchemaFieldNamesAndEnvelope() {
        NewsItem item = map("rss2-cdata-html-rfc822.xml", null).items().get(0);

        JsonNode json = Json.mapper().readTree(item.toJson());
        assertThat(json.get("id").asString()).isEqualTo(item.id());
        assertThat(json.get("feed_url").asString()).isEqualTo(FEED_URL);
        assertThat(json.get("feed_label").asString()).isEqualTo("tech");
        assertThat(json.get("published").asString()).isEqualTo("2025-01-14T08:30:00Z");
        assertThat(json.get("published_is_fetch_time").asBoolean()).isFalse();
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
    void markupOnlyChangesDoNotChangeTheHash() {
        String before = "<rss version=\"2.0\"><channel><item><link>https://example.com/a</link>"
                + "<description><![CDATA[<p>Text <img src=\"https://ads.example/pixel?r=1\"></p>]]></description></item></channel></rss>";
        String after = before.replace("r=1", "r=2");

        String hashBefore = mapper.map(new FeedParser().parse(before.getBytes(StandardCharsets.UTF_8), null), SOURCE,
                SOURCE.url(), FETCHED_AT).items().get(0).contentHash();
        String hashAfter = mapper.map(new FeedParser().parse(after.getBytes(StandardCharsets.UTF_8), null), SOURCE,
                SOURCE.url(), FETCHED_AT).items().get(0).contentHash();

        assertThat(hashAfter).isEqualTo(hashBefore);
    }

    @Test
    void resolvesRelativeLinksAgainstTheDocumentUrl() {
        URI base = URI.create(FEED_URL);
        assertThat(NewsItemMapper.resolve(base, "/tech/story")).isEqualTo("https://feeds.example.org/tech/story");
        assertThat(NewsItemMapper.resolve(base, "https://other.example/x")).isEqualTo("https://other.example/x");
        assertThat(NewsItemMapper.resolve(base, "https://other.example/a b")).isEqualTo("https://other.example/a b");
    }

    private NewsItemMapper.Mapped map(String fixture, String contentType) {
        return mapper.map(new FeedParser().parse(Fixtures.feed(fixture), contentType), SOURCE, SOURCE.url(), FETCHED_AT);
    }
}
