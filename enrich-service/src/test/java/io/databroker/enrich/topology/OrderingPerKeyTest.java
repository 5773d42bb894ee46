package io.databroker.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.databroker.shared.topic.Source;

/** Records of one key come out in the order they went in, also around dead letters and dropped duplicates. */
class OrderingPerKeyTest {

    private static final String ITEM = """
            {"id":"news:%s","feed_url":"https://f.example/rss","link":"https://f.example/%s","title":"%s","content_hash":"%s",
             "fetched_at":"2025-03-01T10:00:00Z"}""";

    private final EnrichTopologyFixture fixture = new EnrichTopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void updatesOfOneItemKeepTheirOrderInterleavedWithOtherKeys() {
        String a = "a".repeat(64);
        String b = "b".repeat(64);
        fixture.pipe(Source.NEWS, "news:" + a, ITEM.formatted(a, "a", "a1", "1"));
        fixture.pipe(Source.NEWS, "news:" + b, ITEM.formatted(b, "b", "b1", "1"));
        fixture.pipe(Source.NEWS, "news:" + a, "not json");
        fixture.pipe(Source.NEWS, "news:" + a, ITEM.formatted(a, "a", "a2", "2"));
        fixture.pipe(Source.NEWS, "news:" + b, ITEM.formatted(b, "b", "b1", "1"));
        fixture.pipe(Source.NEWS, "news:" + a, ITEM.formatted(a, "a", "a3", "3"));
        fixture.pipe(Source.NEWS, "news:" + b, ITEM.formatted(b, "b", "b2", "2"));

        var out = fixture.newsEnriched.readKeyValuesToList();
        assertThat(out).filteredOn(kv -> kv.key.equals("news:" + a))
                .extracting(kv -> io.databroker.shared.json.Json.mapper().readTree(kv.value).get("title").asString())
                .containsExactly("a1", "a2", "a3");
        assertThat(out).filteredOn(kv -> kv.key.equals("news:" + b))
                .extracting(kv -> io.databroker.shared.json.Json.mapper().readTree(kv.value).get("title").asString())
                .containsExactly("b1", "b2");
        assertThat(fixture.deadLetters.readRecordsToList()).hasSize(1);
    }
}
