package io.databroker.enrich.topology;

import static io.databroker.enrich.topology.EnrichTopologyFixture.header;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.json.Json;

/** ARCHITECTURE §3: a schema-valid record without ce_ headers is accepted; id and time come from the body. */
class HeaderlessNewsRecordTest {

    private final EnrichTopologyFixture fixture = new EnrichTopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void derivesIdFromCanonicalLinkAndCreatesEnvelope() {
        fixture.pipe(null, """
                {"feed_url":"https://feeds.example.org/tech.xml","link":"HTTPS://Example.org/a?utm_campaign=x#top",
                 "title":"Outside producer","published":"2025-02-01T00:00:00Z","fetched_at":"2025-03-01T10:00:00Z"}""",
                new RecordHeaders());

        TestRecord<String, byte[]> out = fixture.newsEnriched.readRecord();
        String expectedId = DocumentIds.newsByLink("https://example.org/a");
        assertThat(out.key()).isEqualTo(expectedId);
        assertThat(Json.mapper().readTree(out.value()).get("id").asString()).isEqualTo(expectedId);
        assertThat(header(out.headers(), CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(header(out.headers(), CloudEventHeaders.ID)).isEqualTo(expectedId);
        assertThat(header(out.headers(), CloudEventHeaders.SOURCE)).isEqualTo("https://feeds.example.org/tech.xml");
        assertThat(header(out.headers(), CloudEventHeaders.TYPE)).isEqualTo("io.databroker.news.item.v1");
        assertThat(header(out.headers(), CloudEventHeaders.TIME)).isEqualTo("2025-02-01T00:00:00Z");
        assertThat(fixture.newsEnriched.isEmpty()).isTrue();
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void derivesIdFromFeedUrlAndGuidWhenThereIsNoLink() {
        fixture.pipe(null, """
                {"feed_url":"https://feeds.example.org/tech.xml","guid":"liveblog-2025-01-13","fetched_at":"2025-03-01T10:00:00Z"}""",
                new RecordHeaders());

        TestRecord<String, byte[]> out = fixture.newsEnriched.readRecord();
        assertThat(out.key()).isEqualTo(DocumentIds.newsByGuid("https://feeds.example.org/tech.xml", "liveblog-2025-01-13"));
        assertThat(Json.mapper().readTree(out.value()).get("link").isNull()).isTrue();
        assertThat(header(out.headers(), CloudEventHeaders.TIME)).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(fixture.newsEnriched.isEmpty()).isTrue();
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }
}
