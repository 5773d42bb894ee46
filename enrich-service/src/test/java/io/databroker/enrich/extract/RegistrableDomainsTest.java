package io.databroker.enrich.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegistrableDomainsTest {

    private final RegistrableDomains domains = new RegistrableDomains();

    @Test
    void usesThePublicSuffixList() {
        assertThat(domains.ofHost("www.example.co.uk")).isEqualTo("example.co.uk");
        assertThat(domains.ofHost("WWW.ISC.ORG.")).isEqualTo("isc.org");
        assertThat(domains.ofHost("a.b.c.example.com")).isEqualTo("example.com");
        // private section: each github.io site is its own registrable domain
        assertThat(domains.ofHost("octocat.github.io")).isEqualTo("octocat.github.io");
    }

    @Test
    void hasNoneForSuffixesSingleLabelsAddressesAndReverseNames() {
        assertThat(domains.ofHost("co.uk")).isNull();
        assertThat(domains.ofHost("localhost")).isNull();
        assertThat(domains.ofHost(".")).isNull();
        assertThat(domains.ofHost("192.0.2.1")).isNull();
        assertThat(domains.ofHost("1.2.0.192.in-addr.arpa")).isNull();
        assertThat(domains.ofHost("corp.internal")).isNull();
    }

    @Test
    void takesTheHostOfAUrl() {
        assertThat(domains.ofUrl("https://user@blog.Example.co.uk:8443/a?b#c")).isEqualTo("example.co.uk");
        assertThat(domains.ofUrl("http://[2001:db8::1]/x")).isNull();
        assertThat(domains.ofUrl("not a url")).isNull();
    }
}
