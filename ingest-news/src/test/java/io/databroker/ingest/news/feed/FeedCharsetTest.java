package io.databroker.ingest.news.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class FeedCharsetTest {

    private static final String CAFE = "<?xml version=\"1.0\" encoding=\"%s\"?><t>caf\u00e9 \u00e0 la cr\u00e8me</t>";

    @Test
    void byteOrderMarkWinsOverDeclarationAndHeader() {
        byte[] body = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, CAFE.formatted("ISO-8859-1").getBytes(StandardCharsets.UTF_8));

        FeedCharset.Decoded decoded = FeedCharset.decode(body, "text/xml; charset=windows-1251");

        assertThat(decoded.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(decoded.text()).startsWith("<?xml").contains("caf\u00e9 \u00e0 la cr\u00e8me");
    }

    @Test
    void utf16WithBomIsRead() {
        byte[] body = CAFE.formatted("UTF-16").getBytes(StandardCharsets.UTF_16); // Java writes a big-endian BOM

        assertThat(FeedCharset.decode(body, null).text()).contains("caf\u00e9");
    }

    @Test
    void xmlDeclarationIsUsedWhenTheHeaderNamesNoCharset() {
        byte[] body = CAFE.formatted("ISO-8859-1").getBytes(StandardCharsets.ISO_8859_1);

        FeedCharset.Decoded decoded = FeedCharset.decode(body, "text/xml");

        assertThat(decoded.charset()).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(decoded.text()).contains("caf\u00e9 \u00e0 la cr\u00e8me");
    }

    @Test
    void headerCharsetIsUsedWhenTheDeclarationNamesNone() {
        byte[] body = "<t>caf\u00e9</t>".getBytes(Charset.forName("windows-1252"));

        assertThat(FeedCharset.decode(body, "application/rss+xml; charset=\"windows-1252\"").text()).isEqualTo("<t>caf\u00e9</t>");
    }

    @Test
    void wrongUtf8DeclarationFallsThroughToTheHeader() {
        byte[] body = CAFE.formatted("UTF-8").getBytes(StandardCharsets.ISO_8859_1);

        FeedCharset.Decoded decoded = FeedCharset.decode(body, "text/xml; charset=ISO-8859-1");

        assertThat(decoded.charset()).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(decoded.text()).contains("caf\u00e9");
    }

    @Test
    void legacyBytesFalselyDeclaredUtf8BecomeWindows1252() {
        byte[] body = CAFE.formatted("utf-8").getBytes(StandardCharsets.ISO_8859_1);

        assertThat(FeedCharset.decode(body, null).text()).contains("caf\u00e9 \u00e0 la cr\u00e8me");
    }

    @Test
    void oneInvalidByteInUtf8IsReplacedAndTheRestKept() {
        byte[] good = CAFE.formatted("UTF-8").getBytes(StandardCharsets.UTF_8);
        byte[] body = concat(good, new byte[] {(byte) 0xE9, '!'});

        FeedCharset.Decoded decoded = FeedCharset.decode(body, null);

        assertThat(decoded.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(decoded.text()).contains("caf\u00e9 \u00e0 la cr\u00e8me").endsWith("\uFFFD!");
    }

    @Test
    void unknownCharsetNamesAreIgnored() {
        byte[] body = CAFE.formatted("x-no-such-charset").getBytes(StandardCharsets.UTF_8);

        assertThat(FeedCharset.decode(body, "text/xml; charset=bogus").text()).contains("caf\u00e9");
    }

    @Test
    void undeclaredUtf16IsRecognisedByItsFirstCharacters() {
        byte[] body = "<?xml version=\"1.0\"?><t>caf\u00e9</t>".getBytes(StandardCharsets.UTF_16LE);

        assertThat(FeedCharset.decode(body, null).text()).contains("caf\u00e9");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
