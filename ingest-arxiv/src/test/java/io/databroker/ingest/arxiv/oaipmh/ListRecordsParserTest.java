package io.databroker.ingest.arxiv.oaipmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.databroker.ingest.arxiv.metadata.ArxivAuthor;
import io.databroker.ingest.arxiv.metadata.ArxivPaper;
import io.databroker.ingest.arxiv.metadata.ArxivVersion;
import io.databroker.ingest.arxiv.metadata.MetadataFormat;
import io.databroker.ingest.core.MalformedSourceDataException;

class ListRecordsParserTest {

    private final ListRecordsParser parser = new ListRecordsParser();

    @Test
    void readsAnArxivRawPageWithItsResumptionToken() throws IOException {
        List<OaiRecord> records = new ArrayList<>();
        ListRecordsPage page = parser.parse(stream("list-records-arxivraw-page-1.xml"), records::add);

        assertThat(page.records()).isEqualTo(3);
        assertThat(page.responseDate()).isEqualTo(Instant.parse("2015-01-06T20:49:59Z"));
        assertThat(page.lastPage()).isFalse();
        assertThat(page.token()).isEqualTo(new ResumptionToken("726959|1001", 0L, 7L));
        assertThat(records).extracting(OaiRecord::identifier)
                .containsExactly("oai:arXiv.org:0704.0471", "oai:arXiv.org:0704.0716", "oai:arXiv.org:0704.0874");

        OaiRecord second = records.get(1);
        assertThat(second.datestamp()).isEqualTo("2014-12-22");
        assertThat(second.sets()).containsExactly("math", "physics:math-ph");
        ArxivPaper paper = second.paper();
        assertThat(paper.format()).isEqualTo(MetadataFormat.ARXIV_RAW);
        assertThat(paper.id()).isEqualTo("0704.0716");
        assertThat(paper.title()).isEqualTo("Limit distributions and scaling functions");
        assertThat(paper.categories()).containsExactly("math-ph", "math.MP");
        assertThat(paper.mscClass()).isEqualTo("05A15, 05A16");
        assertThat(paper.versions()).extracting(ArxivVersion::number).containsExactly(1, 2, 3, 4);
        assertThat(paper.versions().get(0).submitted()).isEqualTo(Instant.parse("2007-04-05T12:45:03Z"));
        assertThat(paper.authors()).containsExactly(new ArxivAuthor("Richard", "Christoph", null, List.of()));
        assertThat(paper.abstractText()).startsWith("We discuss the asymptotic behaviour").endsWith("review of known results.");
    }

    @Test
    void anEmptyResumptionTokenMarksTheLastPage() throws IOException {
        ListRecordsPage page = parser.parse(stream("list-records-arxivraw-page-3-last.xml"), r -> { });

        assertThat(page.records()).isEqualTo(2);
        assertThat(page.lastPage()).isTrue();
        assertThat(page.token().cursor()).isEqualTo(6L);
    }

    @Test
    void readsDeletedRecordsWithoutMetadata() throws IOException {
        List<OaiRecord> records = Fixtures.records("list-records-arxivraw-page-2.xml");

        OaiRecord deleted = records.get(2);
        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.identifier()).isEqualTo("oai:arXiv.org:0704.0002");
        assertThat(deleted.paper()).isNull();
        assertThat(records.get(0).deleted()).isFalse();
    }

    @Test
    void readsTheArxivFormatUnderTheClassicNamespace() throws IOException {
        List<OaiRecord> records = Fixtures.records("list-records-arxiv-hep-th.xml");

        assertThat(records).hasSize(3);
        ArxivPaper paper = records.get(1).paper();
        assertThat(paper.format()).isEqualTo(MetadataFormat.ARXIV);
        assertThat(paper.id()).isEqualTo("1507.07790");
        assertThat(paper.created()).isEqualTo(LocalDate.of(2015, 7, 28));
        assertThat(paper.updated()).isEqualTo(LocalDate.of(2016, 3, 4));
        assertThat(paper.authors()).extracting(ArxivAuthor::keyname).containsExactly("Castro", "Silva");
        assertThat(paper.journalRef()).isEqualTo("J. Phys. A: Math. Theor. 51 (2018) 035201");
        assertThat(paper.doi()).isEqualTo("10.1088/1751-8121/aa9c53");
    }

    @Test
    void readsTheArxivFormatUnderTheSchemasNamespaceWithAffiliations() throws IOException {
        List<OaiRecord> records = Fixtures.records("list-records-arxiv-schemas-namespace.xml");

        ArxivPaper paper = records.get(0).paper();
        assertThat(paper.id()).isEqualTo("2601.01234");
        assertThat(paper.title()).isEqualTo("Streaming Parsers for\n  Metadata Harvesting");
        assertThat(paper.acmClass()).isEqualTo("H.3.7");
        assertThat(paper.authors()).containsExactly(
                new ArxivAuthor("Nguyen", "Thi Minh", null, List.of("Johns Hopkins University Applied Physics Lab",
                        "Dept. of Comp. Sci., Johns Hopkins University")),
                new ArxivAuthor("Smith", "John", "Jr", List.of()));
        assertThat(records.get(2).deleted()).isTrue();
    }

    @Test
    void readsTheNewEndpointsLayoutAndCharacterReferences() throws IOException {
        List<OaiRecord> records = Fixtures.records("list-records-arxiv-new-endpoint.xml");

        assertThat(records).extracting(r -> r.paper().id()).containsExactly("2504.11237", "2508.21012", "2510.07502");
        assertThat(records.get(0).sets()).contains("physics:physics:plasm-ph", "physics:quant-ph");
        assertThat(records.get(0).paper().abstractText()).startsWith("Mendeleev's periodic table");
        assertThat(records.get(2).paper().authors()).hasSize(12).extracting(ArxivAuthor::keyname).contains("O'Donnell");
    }

    @Test
    void reportsOaiErrorsWithCodeAndResponseDate() {
        assertThatThrownBy(() -> parser.parse(stream("error-no-records-match.xml"), r -> { }))
                .isInstanceOfSatisfying(OaiPmhException.class, e -> {
                    assertThat(e.code()).isEqualTo(OaiPmhException.NO_RECORDS_MATCH);
                    assertThat(e.responseDate()).isEqualTo(Instant.parse("2015-06-23T13:28:30Z"));
                });
        assertThatThrownBy(() -> parser.parse(stream("error-bad-resumption-token.xml"), r -> { }))
                .isInstanceOfSatisfying(OaiPmhException.class,
                        e -> assertThat(e.code()).isEqualTo(OaiPmhException.BAD_RESUMPTION_TOKEN));
    }

    @Test
    void rejectsMalformedXml() {
        assertThatThrownBy(() -> parser.parse(stream("malformed-page-2-unclosed-tag.xml"), r -> { }))
                .isInstanceOf(MalformedSourceDataException.class).hasMessageContaining("not well-formed XML");
    }

    @Test
    void rejectsAnHtmlPage() {
        assertThatThrownBy(() -> parser.parse(stream("html-error-page.html"), r -> { }))
                .isInstanceOf(MalformedSourceDataException.class);
    }

    @Test
    void rejectsATruncatedPageEvenAfterHandingOutItsFirstRecords() {
        byte[] whole = Fixtures.bytes("list-records-arxivraw-page-1.xml");
        byte[] half = Arrays.copyOf(whole, whole.length * 2 / 3);
        List<OaiRecord> seen = new ArrayList<>();

        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(half), seen::add))
                .isInstanceOf(MalformedSourceDataException.class);
        assertThat(seen).as("records streamed out before the cut; the caller aborts their transaction").isNotEmpty();
    }

    @Test
    void rejectsXmlThatIsNotOaiPmh() {
        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream("<rss version=\"2.0\"/>".getBytes()), r -> { }))
                .isInstanceOf(MalformedSourceDataException.class).hasMessageContaining("root element <rss>");
    }

    @Test
    void refusesExternalEntities() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><responseDate>&x;</responseDate></OAI-PMH>";

        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(xxe.getBytes()), r -> { }))
                .isInstanceOf(MalformedSourceDataException.class);
    }

    private static ByteArrayInputStream stream(String fixture) {
        return new ByteArrayInputStream(Fixtures.bytes(fixture));
    }
}
