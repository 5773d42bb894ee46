package io.databroker.enrich.topology;

import static io.databroker.enrich.topology.EnrichTopologyFixture.fixture;
import static io.databroker.enrich.topology.EnrichTopologyFixture.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.databroker.enrich.validate.ImpossibleValueException;
import io.databroker.enrich.validate.InvalidEnvelopeRecordException;
import io.databroker.enrich.validate.MalformedRecordException;
import io.databroker.enrich.validate.OversizedRecordException;
import io.databroker.enrich.validate.SchemaViolationException;
import io.databroker.shared.deadletter.DeadLetterHeaders;
import io.databroker.shared.topic.Source;

/**
 * Every bad-input class on the arXiv, GitHub and DNS topics goes to dead-letter-queue with its reason and the raw
 * coordinates, and the good record behind it still comes through (news: {@link NewsValidationDeadLetterTest}).
 */
class SourceValidationDeadLetterTest {

    private static final String GOOD_DNS = """
            {"message_type":"CLIENT_QUERY","query_time":"2025-02-01T00:00:00Z","qname":"example.org.","qtype":"A"}""";

    private final EnrichTopologyFixture fixture = new EnrichTopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void notJsonOnDnsIsMalformed() {
        fixture.pipe(Source.DNS, "x", "\u0000\u0001dnstap-frame");

        assertDeadLetter(Source.DNS, "malformed", MalformedRecordException.class, "enrich-service/validate");
    }

    @Test
    void invalidUtf8OnArxivIsMalformed() {
        byte[] latin1 = """
                {"arxiv_id":"2411.01234","version":1,"datestamp":"2024-11-20","title":"Schr\u00f6dinger"}"""
                .getBytes(StandardCharsets.ISO_8859_1);
        fixture.pipe(Source.ARXIV, "2411.01234", latin1, new RecordHeaders(), EnrichTopologyFixture.RECORD_TIME);

        TestRecord<byte[], byte[]> dead = assertDeadLetter(Source.ARXIV, "malformed", MalformedRecordException.class,
                "enrich-service/validate");
        assertThat(dead.value()).isEqualTo(latin1);
    }

    @Test
    void oversizedGithubEventIsNotParsed() {
        byte[] huge = new byte[(int) EnrichTopologyFixture.MAX_RECORD_BYTES + 1];
        Arrays.fill(huge, (byte) ' ');
        fixture.pipe(Source.GITHUB, "1", huge, new RecordHeaders(), EnrichTopologyFixture.RECORD_TIME);

        assertDeadLetter(Source.GITHUB, "oversized", OversizedRecordException.class, "enrich-service/validate");
    }

    @Test
    void wrongTypesAndMissingFieldsAreSchemaViolations() {
        fixture.pipe(Source.GITHUB, "1", """
                {"id":1234,"type":"PushEvent","actor":{"login":"a"},"repo":{"name":"o/r"},"created_at":"2025-02-01T00:00:00Z"}""");
        assertThat(header(assertDeadLetter(Source.GITHUB, "schema_violation", SchemaViolationException.class,
                "enrich-service/validate").headers(), DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("/id");

        fixture.pipe(Source.DNS, "x", """
                {"message_type":"CLIENT_QUERY","qname":"example.org.","qtype":"A"}""");
        assertDeadLetter(Source.DNS, "schema_violation", SchemaViolationException.class, "enrich-service/validate");

        fixture.pipe(Source.ARXIV, "x", """
                {"arxiv_id":"not an id","version":0,"datestamp":"2024-11-20"}""");
        assertDeadLetter(Source.ARXIV, "schema_violation", SchemaViolationException.class, "enrich-service/validate");
    }

    @Test
    void emptyIdIsRejected() {
        fixture.pipe(Source.GITHUB, "", """
                {"id":"","type":"PushEvent","actor":{"login":"a"},"repo":{"name":"o/r"},"created_at":"2025-02-01T00:00:00Z"}""");
        assertDeadLetter(Source.GITHUB, "schema_violation", SchemaViolationException.class, "enrich-service/validate");

        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_id", "".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_source", "dnstap:r1".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_type", "io.databroker.dns.message.v1".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_time", "2025-02-01T00:00:00Z".getBytes(StandardCharsets.UTF_8));
        fixture.pipe(Source.DNS, "example.org", GOOD_DNS.getBytes(StandardCharsets.UTF_8), headers, EnrichTopologyFixture.RECORD_TIME);
        assertDeadLetter(Source.DNS, "invalid_envelope", InvalidEnvelopeRecordException.class, "enrich-service/validate");
    }

    @Test
    void eventTimeInYear9999IsImpossible() {
        fixture.pipe(Source.ARXIV, "2411.01234", """
                {"arxiv_id":"2411.01234","version":1,"datestamp":"9999-12-31"}""");
        TestRecord<byte[], byte[]> dead = assertDeadLetter(Source.ARXIV, "schema_violation", ImpossibleValueException.class,
                "enrich-service/normalize");
        assertThat(header(dead.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("9999-12-31T00:00:00Z");

        fixture.pipe(Source.GITHUB, "1", """
                {"id":"1","type":"PushEvent","actor":{"login":"a"},"repo":{"name":"o/r"},"created_at":"9999-01-01T00:00:00Z"}""");
        assertDeadLetter(Source.GITHUB, "schema_violation", ImpossibleValueException.class, "enrich-service/normalize");

        fixture.pipe(Source.DNS, "x", GOOD_DNS.replace("2025-02-01", "1969-12-31"));
        assertDeadLetter(Source.DNS, "schema_violation", ImpossibleValueException.class, "enrich-service/normalize");
    }

    @Test
    void dnsRecordWhoseTimesAreAllNullIsImpossible() {
        fixture.pipe(Source.DNS, "x", """
                {"message_type":"CLIENT_QUERY","query_time":null,"qname":"example.org.","qtype":"A"}""");

        assertDeadLetter(Source.DNS, "schema_violation", ImpossibleValueException.class, "enrich-service/normalize");
    }

    @Test
    void badRecordsDoNotHoldUpTheGoodOnesBehindThem() {
        fixture.pipe(Source.DNS, "a", "junk");
        fixture.pipe(Source.DNS, "b", GOOD_DNS);
        fixture.pipe(Source.DNS, "c", "{\"qname\":1}");
        fixture.pipe(Source.DNS, "d", GOOD_DNS.replace("example.org", "example.net"));

        assertThat(fixture.deadLetters.readRecordsToList()).extracting(r -> header(r.headers(), DeadLetterHeaders.ORIGINAL_OFFSET))
                .containsExactly("0", "2");
        assertThat(fixture.documents(Source.DNS)).extracting(d -> d.get("qname").asString()).containsExactly("example.org", "example.net");
        assertThat(fixture.failed("malformed")).isEqualTo(1.0);
        assertThat(fixture.failed("schema_violation")).isEqualTo(1.0);
    }

    private TestRecord<byte[], byte[]> assertDeadLetter(Source source, String reason, Class<?> exception, String stage) {
        TestRecord<byte[], byte[]> dead = fixture.deadLetters.readRecord();
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
        assertThat(fixture.enriched.get(source).isEmpty()).isTrue();
        assertThat(header(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo(reason);
        assertThat(header(dead.headers(), DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(source.rawTopic().name());
        assertThat(header(dead.headers(), DeadLetterHeaders.STAGE)).isEqualTo(stage);
        assertThat(header(dead.headers(), DeadLetterHeaders.EXCEPTION_CLASS)).isEqualTo(exception.getName());
        assertThat(fixture.meters.find("broker.events.failed").tag("source", source.id()).tag("reason", reason).counter())
                .isNotNull();
        return dead;
    }
}
