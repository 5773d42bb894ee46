package io.databroker.ingest.news.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.databroker.shared.json.Json;

class FeedCursorTest {

    private final FeedCursor cursor = new FeedCursor("https://feeds.example.org/tech.xml",
            "https://moved.example.org/tech.rss", "W/\"abc\"",
            "Tue, 14 Jan 2025 10:05:00 GMT", Map.of("news:aa", "h1", "news:bb", "h2"));

    @Test
    void roundTripsThroughJson() {
        assertThat(FeedCursor.fromJson(cursor.toJson())).isEqualTo(cursor);
    }

    @Test
    void roundTripsWithoutValidators() {
        FeedCursor bare = FeedCursor.empty("https://feeds.example.org/tech.xml");

        assertThat(FeedCursor.fromJson(bare.toJson())).isEqualTo(bare);
    }

    @Test
    void writesTheDocumentedFieldNames() {
        var json = Json.mapper().readTree(cursor.toJson());

        assertThat(json.get("feed_url").asString()).isEqualTo("https://feeds.example.org/tech.xml");
        assertThat(json.get("location").asString()).isEqualTo("https://moved.example.org/tech.rss");
        assertThat(json.get("etag").asString()).isEqualTo("W/\"abc\"");
        assertThat(json.get("last_modified").asString()).isEqualTo("Tue, 14 Jan 2025 10:05:00 GMT");
        assertThat(json.get("items").get("news:bb").asString()).isEqualTo("h2");
    }

    @Test
    void cursorWrittenBeforeLocationExistedLivesAtItsFeedUrl() {
        byte[] old = "{\"feed_url\":\"https://a.example/f.xml\",\"etag\":null,\"items\":{\"news:aa\":\"h1\"}}"
                .getBytes(StandardCharsets.UTF_8);

        FeedCursor read = FeedCursor.fromJson(old);

        assertThat(read.location()).isEqualTo("https://a.example/f.xml");
        assertThat(read.items()).containsEntry("news:aa", "h1");
    }

    @Test
    void movingKeepsKeyValidatorsAndItems() {
        FeedCursor moved = cursor.movedTo("https://third.example.org/feed");

        assertThat(moved.key()).isEqualTo(cursor.key());
        assertThat(moved.location()).isEqualTo("https://third.example.org/feed");
        assertThat(moved.items()).isEqualTo(cursor.items());
        assertThat(moved.etag()).isEqualTo(cursor.etag());
    }

    @Test
    void keyIsSourcePrefixedFeedUrl() {
        assertThat(cursor.key()).isEqualTo("news:https://feeds.example.org/tech.xml");
    }

    @Test
    void tellsNewAndChangedItemsFromKnownOnes() {
        assertThat(cursor.isNewOrChanged("news:aa", "h1")).isFalse();
        assertThat(cursor.isNewOrChanged("news:aa", "h1-edited")).isTrue();
        assertThat(cursor.isNewOrChanged("news:cc", "h3")).isTrue();
    }

    @Test
    void rejectsSomethingThatIsNotACursor() {
        assertThatThrownBy(() -> FeedCursor.fromJson("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeedCursor.fromJson("{\"items\":{}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
