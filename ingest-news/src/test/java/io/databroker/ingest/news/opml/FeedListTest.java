package io.databroker.ingest.news.opml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.databroker.ingest.news.Fixtures;
import io.databroker.ingest.news.feed.FeedSource;

class FeedListTest {

    private static final Duration DEFAULT = Duration.ofMinutes(10);

    @Test
    void aBareUrlIsAFeedWithTheDefaultInterval() {
        assertThat(FeedList.parseEntry(" http://127.0.0.1:8080/feeds/tech-news.xml ", DEFAULT))
                .isEqualTo(new FeedSource(URI.create("http://127.0.0.1:8080/feeds/tech-news.xml"), null, null, DEFAULT));
    }

    @Test
    void attributesSetLabelAndInterval() {
        assertThat(FeedList.parseEntry("https://lwn.net/headlines/rss|label=linux|interval=30m", DEFAULT))
                .isEqualTo(new FeedSource(URI.create("https://lwn.net/headlines/rss"), "linux", null, Duration.ofMinutes(30)));
        assertThat(FeedList.parseEntry("https://a.example/f?x=1&y=2|interval=PT2H", DEFAULT).interval())
                .isEqualTo(Duration.ofHours(2));
    }

    @Test
    void unusableEntriesAreRefusedWithTheirText() {
        assertThatThrownBy(() -> FeedList.parseEntry("ftp://a.example/f", DEFAULT)).hasMessageContaining("ftp://a.example/f");
        assertThatThrownBy(() -> FeedList.parseEntry("/relative/feed.xml", DEFAULT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeedList.parseEntry("https://a.example/f|colour=red", DEFAULT)).hasMessageContaining("colour=red");
        assertThatThrownBy(() -> FeedList.parseEntry("https://a.example/f|interval=soon", DEFAULT)).hasMessageContaining("soon");
        assertThatThrownBy(() -> FeedList.parseEntry("https://a.example/f|interval=0s", DEFAULT)).hasMessageContaining("positive");
    }

    @Test
    void configuredFeedsComeFirstAndWinOverTheSameUrlInOpml(@TempDir Path dir) throws Exception {
        Path opml = Files.write(dir.resolve("subs.opml"), Fixtures.opml("subscriptions-opml-2.0-folders.opml"));

        List<FeedSource> feeds = FeedList.resolve(List.of("https://lwn.example.net/headlines/rss|label=mine", "https://x.example/a"),
                opml.toString(), DEFAULT, null);

        assertThat(feeds).extracting(f -> f.url().toString()).containsExactly("https://lwn.example.net/headlines/rss",
                "https://x.example/a", "https://nature.example.com/nature.rss", "https://rss.arxiv.example.org/rss/cs.LG",
                "https://untitled.example.org/feed");
        assertThat(feeds.get(0).label()).isEqualTo("mine");
        assertThat(FeedList.resolve(List.of(), opml.toUri().toString(), DEFAULT, null)).hasSize(4);
    }

    @Test
    void badConfigurationStopsStartUpNamingTheProperty() {
        assertThatThrownBy(() -> FeedList.resolve(List.of("nonsense"), null, DEFAULT, null))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("broker.news.feeds");
        assertThatThrownBy(() -> FeedList.resolve(List.of(), "/no/such/file.opml", DEFAULT, null))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("broker.news.opml");
        assertThatThrownBy(() -> FeedList.resolve(List.of(), "classpath:no/such.opml", DEFAULT, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no classpath resource");
    }
}
