package io.databroker.ingest.news.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.databroker.ingest.core.MalformedSourceDataException;
import io.databroker.ingest.news.Fixtures;

class FeedParserTest {

    private final FeedParser parser = new FeedParser();

    @ParameterizedTest(name = "{0} is {1} with {2} entries")
    @CsvSource({
            "rss091-iso-8859-1-no-dates.xml, rss_0.91U, 1, ISO-8859-1",
            "rss092-enclosure-no-guid.xml, rss_0.92, 1, windows-1252",
            "rss1-rdf-dc-date.xml, rss_1.0, 1, UTF-8",
            "rss1-rdf-iso-8859-1-content-encoded.xml, rss_1.0, 1, ISO-8859-1",
            "rss2-cdata-html-rfc822.xml, rss_2.0, 4, UTF-8",
            "rss2-utf8-bom-crlf.xml, rss_2.0, 1, UTF-8",
            "rss2-gb2312-slash-dates.xml, rss_2.0, 1, GB2312",
            "rss2-awkward-dates.xml, rss_2.0, 8, UTF-8",
            "rss2-relative-links-no-guids.xml, rss_2.0, 3, UTF-8",
            "rss2-no-xmldecl-leading-whitespace.xml, rss_2.0, 1, UTF-8",
            "atom-html-content.xml, atom_1.0, 2, UTF-8",
            "atom10-xml-base-relative.xml, atom_1.0, 2, UTF-8",
            "atom10-media-group.xml, atom_1.0, 1, UTF-8",
            "atom03-feed.xml, atom_0.3, 1, UTF-8"})
    void readsEveryFormatAndEncoding(String fixture, String feedType, int entries, String charset) {
        ParsedFeed parsed = parser.parse(Fixtures.feed(fixture), null);

        assertThat(parsed.feed().getFeedType()).isEqualTo(feedType);
        assertThat(parsed.feed().getEntries()).hasSize(entries);
        assertThat(parsed.raw()).as("raw entries aligned with Rome's").hasSize(entries);
        assertThat(parsed.charset().name()).isEqualTo(charset);
    }

    @Test
    void decodesNonUtf8TitlesCorrectly() {
        assertThat(parser.parse(Fixtures.feed("rss091-iso-8859-1-no-dates.xml"), "text/xml").feed().getTitle())
                .isEqualTo("Tribunal Exemplar de Justi\u00e7a");
        assertThat(parser.parse(Fixtures.feed("rss2-gb2312-slash-dates.xml"), "text/xml; charset=gb2312").feed().getTitle())
                .isEqualTo("\u6c34\u8d44\u6e90\u8bba\u575b");
        assertThat(parser.parse(Fixtures.feed("rss2-utf8-bom-crlf.xml"), "application/rss+xml; charset=iso-8859-1")
                .feed().getTitle()).as("a BOM beats a wrong header").isEqualTo("Don\u2019t Save Example");
    }

    @Test
    void readsUndeclaredHtmlEntities() {
        ParsedFeed parsed = parser.parse(Fixtures.feed("rss2-relative-links-no-guids.xml"), null);

        assertThat(parsed.feed().getEntries().get(0).getDescription().getValue()).contains("our\u00a0DB-Engines");
    }

    @Test
    void replacesInvalidBytesAndControlCharactersInsteadOfFailing() {
        byte[] head = "<rss version=\"2.0\"><channel><title>Caf\u00e9 ".getBytes(StandardCharsets.UTF_8);
        byte[] broken = {(byte) 0xC3, '!', 0x01, ' ', 'b', 'a', 'd', 0x07}; // an unfinished sequence and two C0 controls
        byte[] tail = "</title></channel></rss>".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(head);
        body.writeBytes(broken);
        body.writeBytes(tail);

        ParsedFeed parsed = parser.parse(body.toByteArray(), "application/rss+xml; charset=utf-8");

        assertThat(parsed.feed().getTitle()).isEqualTo("Caf\u00e9 \uFFFD! bad");
    }

    @Test
    void rejectsTruncatedFeedAsMalformed() {
        assertThatThrownBy(() -> parser.parse(Fixtures.feed("rss2-truncated-malformed.xml"), "application/rss+xml"))
                .isInstanceOf(MalformedSourceDataException.class).hasMessageContaining("not well-formed XML");
    }

    @Test
    void rejectsHtmlErrorPagesServedWithStatus200AsMalformed() {
        assertThatThrownBy(() -> parser.parse(Fixtures.feed("html-error-page.html"), "text/html"))
                .isInstanceOf(MalformedSourceDataException.class);
        assertThatThrownBy(() -> parser.parse(Fixtures.feed("xhtml-error-page.xml"), "application/xhtml+xml"))
                .isInstanceOf(MalformedSourceDataException.class).hasMessageContaining("root element <html>");
    }

    @Test
    void rejectsEmptyAndBinaryBodiesAsMalformed() {
        assertThatThrownBy(() -> parser.parse(new byte[0], null)).isInstanceOf(MalformedSourceDataException.class);
        assertThatThrownBy(() -> parser.parse(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, 3}, null))
                .isInstanceOf(MalformedSourceDataException.class);
    }

    @Test
    void refusesDoctypesSoExternalEntitiesCannotBeRead() {
        byte[] xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <rss version="2.0"><channel><title>&xxe;</title></channel></rss>""".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> parser.parse(xxe, null)).isInstanceOf(MalformedSourceDataException.class);
    }
}
