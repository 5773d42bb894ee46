package io.databroker.ingest.github.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class LiveCursorTest {

    @Test
    void survivesJson() {
        LiveCursor cursor = new LiveCursor("W/\"abc\"", List.of("1652857684", "1652857690"), Instant.parse("2013-01-10T07:58:23Z"));

        assertThat(new String(cursor.toJson(), StandardCharsets.UTF_8)).isEqualTo("{\"etag\":\"W/\\\"abc\\\"\","
                + "\"newest_created_at\":\"2013-01-10T07:58:23Z\",\"recent_ids\":[\"1652857684\",\"1652857690\"]}");
        assertThat(LiveCursor.fromJson(cursor.toJson())).isEqualTo(cursor);
        assertThat(LiveCursor.fromJson(LiveCursor.initial().toJson())).isEqualTo(LiveCursor.initial());
    }

    @Test
    void isKeyedByTheApiItPolls() {
        assertThat(LiveCursor.key(URI.create("https://api.github.com"))).isEqualTo("github:events:https://api.github.com");
    }

    @Test
    void rejectsWhatIsNotACursor() {
        assertThatThrownBy(() -> LiveCursor.fromJson("{\"etag\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
