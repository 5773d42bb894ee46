package io.databroker.ingest.news.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class FeedParserTest {

    private final FeedParser parser = new FeedParser();

    @Test
    void rejectsTruncatedFeedAsMalformed() {
        assertThatThrownBy(() -> parser.parse(fixture("rss2-truncated-malformed.xml"), "application/rss+xml"))
                .isInstanceOf(MalformedFeedException.class);
    }

    @Test
    void rejectsHtmlErrorPageAsMalformed() {
        byte[] html = "<html><body><h1>Service Unavailable</h1></body></html>".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> parser.parse(html, "text/html")).isInstanceOf(MalformedFeedException.class);
    }

    @Test
    void rejectsEmptyAndBinaryBodiesAsMalformed() {
        assertThatThrownBy(() -> parser.parse(new byte[0], null)).isInstanceOf(MalformedFeedException.class);
        assertThatThrownBy(() -> parser.parse(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, 3}, null))
                .isInstanceOf(MalformedFeedException.class);
    }

    @Test
    void refusesDoctypesSoExternalEntitiesCannotBeRead() {
        byte[] xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <rss version="2.0"><channel><title>&xxe;</title></channel></rss>""".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> parser.parse(xxe, null)).isInstanceOf(MalformedFeedException.class);
    }

    @Test
    void honoursCharsetOfXmlDeclarationOverMissingHttpCharset() {
        assertThat(parser.parse(fixture("rss091-iso-8859-1-no-dates.xml"), "text/xml").getTitle())
                .isEqualTo("Tribunal Exemplar de Justi\u00e7a");
        assertThat(parser.parse(fixture("rss091-iso-8859-1-no-dates.xml"), null).getTitle())
                .isEqualTo("Tribunal Exemplar de Justi\u00e7a");
    }

    private static byte[] fixture(String name) {
        try (InputStream in = FeedParserTest.class.getResourceAsStream("/fixtures/rss/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
