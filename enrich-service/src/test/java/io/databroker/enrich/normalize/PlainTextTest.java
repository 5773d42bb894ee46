package io.databroker.enrich.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

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
    void dedupesListsKeepingOrder() {
        assertThat(PlainText.collapseAll(Arrays.asList("b ", null, "a", " b", ""))).containsExactly("b", "a");
    }
}
