package io.databroker.ingest.arxiv.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.databroker.ingest.arxiv.oaipmh.Fixtures;
import io.databroker.ingest.arxiv.oaipmh.OaiRecord;
import io.databroker.shared.topic.Source;

class ArxivRecordMapperTest {

    private static final Instant FETCHED = Instant.parse("2026-01-06T06:00:00Z");
    private final ArxivRecordMapper mapper = new ArxivRecordMapper();

    @Test
    void publishesOneRecordPerArxivRawVersionWithItsOwnSubmissionTime() throws IOException {
        OaiRecord record = Fixtures.records("list-records-arxivraw-page-3-last.xml").get(1); // 1302.2146, v1 and v2

        List<ArxivRecord> records = mapper.map(record, FETCHED).records();

        assertThat(records).extracting(ArxivRecord::id).containsExactly("arxiv:1302.2146v1", "arxiv:1302.2146v2");
        assertThat(records).extracting(ArxivRecord::key).containsOnly("1302.2146");
        assertThat(records).extracting(ArxivRecord::latestVersion).containsOnly(2);
        assertThat(records.get(0).eventTime()).isEqualTo(Instant.parse("2013-02-08T21:00:01Z"));
        assertThat(records.get(1).eventTime()).isEqualTo(Instant.parse("2013-04-02T01:50:08Z"));
        assertThat(records.get(1).paper().created()).isEqualTo(LocalDate.of(2013, 2, 8));
        assertThat(records.get(1).paper().updated()).isEqualTo(LocalDate.of(2013, 4, 2));
        assertThat(records.get(0).datestamp()).isEqualTo(LocalDate.of(2013, 4, 3));
        assertThat(records.get(0).cloudEvent("https://oaipmh.arxiv.org/oai").type()).isEqualTo(Source.ARXIV.eventType());
    }

    @Test
    void publishesVersionOneOfAnArxivFormatPaperThatWasNeverRevised() throws IOException {
        OaiRecord record = Fixtures.records("list-records-arxiv-schemas-namespace.xml").get(0);

        List<ArxivRecord> records = mapper.map(record, FETCHED).records();

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("arxiv:2601.01234v1");
            assertThat(r.submitted()).isNull();
            assertThat(r.eventTime()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
        });
    }

    @Test
    void skipsARevisedArxivFormatPaperBecauseItsVersionIsUnknown() throws IOException {
        OaiRecord record = Fixtures.records("list-records-arxiv-schemas-namespace.xml").get(1);

        ArxivRecordMapper.Mapped mapped = mapper.map(record, FETCHED);

        assertThat(mapped.records()).isEmpty();
        assertThat(mapped.skipped()).isEqualTo(SkipReason.VERSION_UNKNOWN);
    }

    @Test
    void publishesADeletedRecordAsATombstoneEventWithItsOldStyleId() throws IOException {
        OaiRecord record = Fixtures.records("list-records-arxiv-schemas-namespace.xml").get(2);

        List<ArxivRecord> records = mapper.map(record, FETCHED).records();

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.deleted()).isTrue();
            assertThat(r.key()).isEqualTo("cs/0112017");
            assertThat(r.id()).isEqualTo("arxiv:cs/0112017v1");
            assertThat(r.paper()).isNull();
            assertThat(r.eventTime()).isEqualTo(Instant.parse("2026-01-05T00:00:00Z"));
        });
    }

    @Test
    void skipsRecordsWithoutAUsableIdOrDatestamp() {
        assertThat(mapper.map(new OaiRecord("oai:example.org:42", "2026-01-05", List.of(), true, null), FETCHED).skipped())
                .isEqualTo(SkipReason.INVALID_ID);
        assertThat(mapper.map(new OaiRecord("oai:arXiv.org:2601.00001", "yesterday", List.of(), true, null), FETCHED).skipped())
                .isEqualTo(SkipReason.INVALID_DATESTAMP);
        assertThat(mapper.map(new OaiRecord("oai:arXiv.org:2601.00001", "2026-01-05", List.of(), false, null), FETCHED).skipped())
                .isEqualTo(SkipReason.NO_METADATA);
    }
}
