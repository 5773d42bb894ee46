package io.databroker.shared.id;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinkCanonicalizerTest {

    @Test
    void lowerCasesSchemeAndHostButNotPath() {
        assertThat(LinkCanonicalizer.canonicalize("HTTPS://News.Example.COM/World/Story-1"))
                .isEqualTo("https://news.example.com/World/Story-1");
    }

    @Test
    void dropsFragment() {
        assertThat(LinkCanonicalizer.canonicalize("https://example.com/a#comments"))
                .isEqualTo("https://example.com/a");
    }

    @Test
    void dropsTrackingParametersAndKeepsOthersInOrder() {
        assertThat(LinkCanonicalizer.canonicalize(
                "https://example.com/a?id=7&utm_source=rss&UTM_Medium=feed&fbclid=abc&gclid=x&page=2#top"))
                .isEqualTo("https://example.com/a?id=7&page=2");
    }

    @Test
    void dropsQuestionMarkWhenOnlyTrackingParametersWereThere() {
        assertThat(LinkCanonicalizer.canonicalize("http://example.com/a?utm_campaign=x&utm_content=y"))
                .isEqualTo("http://example.com/a");
    }

    @Test
    void keepsParametersThatOnlyLookLikeTrackingOnes() {
        assertThat(LinkCanonicalizer.canonicalize("https://example.com/?utm=1&xfbclid=2&gclid_extra=3"))
                .isEqualTo("https://example.com/?utm=1&xfbclid=2&gclid_extra=3");
    }

    @Test
    void keepsUserInfoAndPortAndLowerCasesOnlyTheHost() {
        assertThat(LinkCanonicalizer.canonicalize("http://User:Pw@Example.com:8080/x"))
                .isEqualTo("http://User:Pw@example.com:8080/x");
    }

    @Test
    void toleratesCharactersThatUriRejects() {
        assertThat(LinkCanonicalizer.canonicalize(" https://Example.com/a b|c?q=1 2&utm_source=x "))
                .isEqualTo("https://example.com/a b|c?q=1 2");
    }

    @Test
    void returnsNonAbsoluteLinksTrimmedButUnchanged() {
        assertThat(LinkCanonicalizer.canonicalize("  /relative/Path?utm_source=x#f ")).isEqualTo("/relative/Path?utm_source=x#f");
        assertThat(LinkCanonicalizer.canonicalize("urn:uuid:1234")).isEqualTo("urn:uuid:1234");
        assertThat(LinkCanonicalizer.canonicalize(null)).isNull();
    }

    @Test
    void isIdempotent() {
        String once = LinkCanonicalizer.canonicalize("HTTPS://EXAMPLE.com/p?a=1&utm_term=z#x");
        assertThat(LinkCanonicalizer.canonicalize(once)).isEqualTo(once);
    }
}
