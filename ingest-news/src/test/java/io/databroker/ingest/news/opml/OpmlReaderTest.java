package io.databroker.ingest.news.opml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.databroker.ingest.news.Fixtures;
import io.databroker.ingest.news.feed.FeedSource;

class OpmlReaderTest {

    private static final Duration DEFAULT = Duration.ofMinutes(10);

    private final OpmlReader reader = new OpmlReader();

    @Test
    void readsFlatOpml11AndSkipsOutlinesWithoutXmlUrl() {
        List<FeedSource> feeds = reader.read(Fixtures.opml("subscriptions-opml-1.1-flat.opml"), DEFAULT);

        assertThat(feeds).containsExactly(
                new FeedSource(URI.create("http://daring.example.net/feeds/main"), null, "Daring Example", DEFAULT),
                new FeedSource(URI.create("https://julia.example.ca/atom.xml"), null, "Julia Example", DEFAULT));
    }

    @Test
    void foldersBecomeLabelsAndPollIntervalOverridesTheDefault() {
        List<FeedSource> feeds = reader.read(Fixtures.opml("subscriptions-opml-2.0-folders.opml"), DEFAULT);

        assertThat(feeds).containsExactly(
                new FeedSource(URI.create("https://nature.example.com/nature.rss"), "Science", "Nature Example", Duration.ofMinutes(30)),
                new FeedSource(URI.create("https://rss.arxiv.example.org/rss/cs.LG"), "Preprints", "arXiv cs.LG Example", DEFAULT),
                new FeedSource(URI.create("https://lwn.example.net/headlines/rss"), "/Tech/Linux", "Lone feed with its own category", DEFAULT),
                new FeedSource(URI.create("https://untitled.example.org/feed"), null, null, DEFAULT));
    }

    @Test
    void bundledDefaultListHoldsWellKnownFeedsWithLabels() throws Exception {
        List<FeedSource> feeds = reader.read(FeedList.load("classpath:feeds/default.opml", null), DEFAULT);

        assertThat(feeds).hasSizeBetween(12, 25).allSatisfy(f -> assertThat(f.label()).isNotNull());
        assertThat(feeds).extracting(f -> f.url().getHost()).contains("rss.arxiv.org", "news.ycombinator.com", "lwn.net");
    }

    @Test
    void rejectsWhatIsNotOpml() {
        assertThatThrownBy(() -> reader.read("<rss/>".getBytes(StandardCharsets.UTF_8), DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an OPML document");
        assertThatThrownBy(() -> reader.read("<opml><body><outline".getBytes(StandardCharsets.UTF_8), DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reader.read("""
                <!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <opml><body><outline text="&x;" xmlUrl="https://a.example/f"/></body></opml>""".getBytes(StandardCharsets.UTF_8), DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
