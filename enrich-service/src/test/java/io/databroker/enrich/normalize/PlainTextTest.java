package io.databroker.enrich.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class PlainTextTest {

    @Test
    void collapsesAllKindsOfWhitespaceAndTrims() {
        assertThat(PlainText.collapse(" a\t\n b\u00a0\u2009c  ")).isEqualTo("a b c");
        assertThat(PlainText.collapse("   ")).isNull();
        assertThat(PlainText.collapse(null)).isNull();
    }

    @Test
    void removesControlAndZeroWidthCharacters() {
        assertThat(PlainText.collapse("a\u0000b\u200Bc\uFEFF")).isEqualTo("abc");
    }

    @Test
    void reducesHtmlToItsVisibleText() {
        assertThat(PlainText.fromHtml("<p>One &amp; <b>two</b></p><p>three<br/>four</p><style>p{}</style>"))
                .isEqualTo("One & two three four");
        assertThat(PlainText.fromHtml("plain text, 3 < 4")).isEqualTo("plain text, 3 < 4");
        assertThat(PlainText.fromHtml("&nbsp;")).isNull();
    }

    @Test
    void textWithoutMarkupComesOutAsTheParseWouldGiveIt() {
        String plain = "  Kafka\u00a0Streams:\n exactly once  at scale ";
        assertThat(PlainText.fromHtml(plain)).isEqualTo("Kafka Streams: exactly once at scale");
        assertThat(PlainText.fromHtmlWithLinks(plain)).isEqualTo(new PlainText.Html("Kafka Streams: exactly once at scale", List.of()));
        assertThat(PlainText.fromHtmlWithLinks("see <a href=\"https://x.example/a\">x</a>").links()).containsExactly("https://x.example/a");
    }

    @Test
    void dedupesListsKeepingOrder() {
        assertThat(PlainText.collapseAll(Arrays.asList("b ", null, "a", " b", ""))).containsExactly("b", "a");
    }
}
