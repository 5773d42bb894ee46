package io.databroker.enrich.topology;

import static io.databroker.enrich.topology.EnrichTopologyFixture.envelope;
import static io.databroker.enrich.topology.EnrichTopologyFixture.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.databroker.enrich.validate.InvalidEnvelopeRecordException;
import io.databroker.enrich.validate.MalformedRecordException;
import io.databroker.enrich.validate.OversizedRecordException;
import io.databroker.enrich.validate.SchemaViolationException;
import io.databroker.shared.deadletter.DeadLetterHeaders;
import io.databroker.shared.deadletter.RecordRejectedException;

/** Invalid news_feed records go to dead-letter-queue with original key, value and headers plus error headers. */
class NewsValidationDeadLetterTest {

    private static final String VALID = """
            {"feed_url":"https://feeds.example.org/tech.xml","link":"https://example.org/a","fetched_at":"2025-03-01T10:00:00Z"}""";

    private final EnrichTopologyFixture fixture = new EnrichTopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void deadLettersOversizedRecordWithoutParsingIt() {
        byte[] huge = new byte[(int) EnrichTopologyFixture.MAX_RECORD_BYTES + 1];
        Arrays.fill(huge, (byte) '{');

        fixture.pipe("k-big", huge, new RecordHeaders());

        TestRecord<byte[], byte[]> dead = onlyDeadLetter();
        assertThat(dead.value()).isEqualTo(huge);
        assertErrorHeaders(dead, "oversized", OversizedRecordException.class, 0);
        assertThat(fixture.failed("oversized")).isEqualTo(1.0);
    }

    @Test
    void deadLettersADocumentThatGrewTooLargeForTheEnrichedTopicAndLetsItsNeighbourThrough() {
        long maxDocumentBytes = 32_768;
        String summary = "lorem ipsum dolor sit amet ".repeat(1_500); // 40 KB: a valid raw record, a too large document
        String big = VALID.replace("}", ",\"summary\":\"" + summary + "\"}");
        assertThat(big.length()).isBetween((int) maxDocumentBytes, (int) EnrichTopologyFixture.MAX_RECORD_BYTES);

        try (EnrichTopologyFixture small = new EnrichTopologyFixture(maxDocumentBytes)) {
            small.pipe("k-grown", big, new RecordHeaders());
            small.pipe("k-fine", VALID.replace("https://example.org/a", "https://example.org/b"), new RecordHeaders());

            TestRecord<byte[], byte[]> dead = small.deadLetters.readRecord();
            assertThat(small.deadLetters.isEmpty()).isTrue();
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).as("the raw record, not the document").isEqualTo(big);
            assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("k-grown");
            assertErrorHeaders(dead, "oversized", RecordRejectedException.class, 0);
            assertThat(header(dead.headers(), DeadLetterHeaders.STAGE)).isEqualTo("enrich-service/enrich");
            assertThat(header(dead.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("max-document-bytes");
            assertThat(small.failed("oversized")).isEqualTo(1.0);
            assertThat(small.newsEnriched.readRecordsToList()).singleElement().satisfies(record ->
                    assertThat(new String(record.value(), StandardCharsets.UTF_8)).contains("https://example.org/b"));
        }
    }

    @Test
    void deadLettersValueThatIsNotJson() {
        fixture.pipe("k-junk", "<rss>not json</rss>", new RecordHeaders());

        TestRecord<byte[], byte[]> dead = onlyDeadLetter();
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("<rss>not json</rss>");
        assertErrorHeaders(dead, "malformed", MalformedRecordException.class, 0);
    }

    @Test
    void deadLettersInvalidUtf8AsMalformed() {
        byte[] latin1 = "{\"feed_url\":\"https://x.example/\",\"link\":\"https://x.example/a\",\"title\":\"Justi\u00e7a\",\"fetched_at\":\"2025-03-01T10:00:00Z\"}"
                .getBytes(StandardCharsets.ISO_8859_1);

        fixture.pipe("k-latin1", latin1, new RecordHeaders());

        TestRecord<byte[], byte[]> dead = onlyDeadLetter();
        assertThat(dead.value()).isEqualTo(latin1);
        assertErrorHeaders(dead, "malformed", MalformedRecordException.class, 0);
        assertThat(header(dead.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE)).isEqualTo("value is not valid UTF-8");
    }

    @Test
    void deadLettersJsonWithTrailingGarbageAndEmptyValues() {
        fixture.pipe("k-trailing", VALID + " {}", new RecordHeaders());
        fixture.pipe("k-empty", new byte[0], new RecordHeaders());
        fixture.pipe("k-tombstone", (byte[]) null, new RecordHeaders());

        assertThat(fixture.deadLetters.readRecordsToList())
                .extracting(r -> header(r.headers(), DeadLetterHeaders.REASON))
                .containsExactly("malformed", "malformed", "malformed");
        assertThat(fixture.newsEnriched.isEmpty()).isTrue();
    }

    @Test
    void deadLettersIncompleteEnvelopeAndKeepsOriginalHeaders() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_id", "news:abc".getBytes(StandardCharsets.UTF_8));
        headers.add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes(StandardCharsets.UTF_8));

        fixture.pipe("k-envelope", VALID, headers);

        TestRecord<byte[], byte[]> dead = onlyDeadLetter();
        assertErrorHeaders(dead, "invalid_envelope", InvalidEnvelopeRecordException.class, 0);
        assertThat(header(dead.headers(), "traceparent")).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        assertThat(header(dead.headers(), "ce_id")).isEqualTo("news:abc");
    }

    @Test
    void deadLettersRecordMissingRequiredField() {
        fixture.pipe("k-schema", "{\"link\":\"https://example.org/a\",\"fetched_at\":\"2025-03-01T10:00:00Z\"}",
                envelope("news:x", "https://feeds.example.org/tech.xml", Instant.parse("2025-03-01T10:00:00Z")));

        TestRecord<byte[], byte[]> dead = onlyDeadLetter();
        assertErrorHeaders(dead, "schema_violation", SchemaViolationException.class, 0);
        assertThat(header(dead.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("feed_url");
    }

    @Test
    void deadLettersTimestampThatIsNotRfc3339() {
        fixture.pipe("k-date", VALID.replace("2025-03-01T10:00:00Z", "Sat, 01 Mar 2025 10:00:00 GMT"), new RecordHeaders());

        TestRecord<byte[], byte[]> dead = onlyDeadLetter();
        assertErrorHeaders(dead, "schema_violation", SchemaViolationException.class, 0);
        assertThat(header(dead.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("fetched_at");
    }

    @Test
    void deadLettersRecordWithNeitherLinkNorGuid() {
        fixture.pipe("k-anon", "{\"feed_url\":\"https://feeds.example.org/tech.xml\",\"fetched_at\":\"2025-03-01T10:00:00Z\"}",
                new RecordHeaders());

        assertErrorHeaders(onlyDeadLetter(), "schema_violation", SchemaViolationException.class, 0);
    }

    @Test
    void recordsTheOffsetOfEachRejectedRecordAndLetsGoodNeighboursThrough() {
        fixture.pipe("k0", "junk", new RecordHeaders());
        fixture.pipe("k1", VALID, new RecordHeaders());
        fixture.pipe("k2", "more junk", new RecordHeaders());

        var dead = fixture.deadLetters.readRecordsToList();
        assertThat(dead).extracting(r -> header(r.headers(), DeadLetterHeaders.ORIGINAL_OFFSET)).containsExactly("0", "2");
        assertThat(dead).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactly("k0", "k2");
        assertThat(fixture.newsEnriched.readRecordsToList()).hasSize(1);
        assertThat(fixture.failed("malformed")).isEqualTo(2.0);
    }

    private TestRecord<byte[], byte[]> onlyDeadLetter() {
        TestRecord<byte[], byte[]> dead = fixture.deadLetters.readRecord();
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
        assertThat(fixture.newsEnriched.isEmpty()).isTrue();
        return dead;
    }

    private static void assertErrorHeaders(TestRecord<byte[], byte[]> dead, String reason, Class<?> exception, long offset) {
        Headers headers = dead.headers();
        assertThat(header(headers, DeadLetterHeaders.REASON)).isEqualTo(reason);
        assertThat(header(headers, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo("news_feed");
        assertThat(header(headers, DeadLetterHeaders.ORIGINAL_PARTITION)).isEqualTo("0");
        assertThat(header(headers, DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo(Long.toString(offset));
        assertThat(header(headers, DeadLetterHeaders.STAGE)).startsWith("enrich-service/");
        assertThat(header(headers, DeadLetterHeaders.EXCEPTION_CLASS)).isEqualTo(exception.getName());
        assertThat(header(headers, DeadLetterHeaders.EXCEPTION_MESSAGE)).isNotBlank();
        assertThat(dead.timestamp()).isEqualTo(EnrichTopologyFixture.RECORD_TIME.toEpochMilli());
    }
}
