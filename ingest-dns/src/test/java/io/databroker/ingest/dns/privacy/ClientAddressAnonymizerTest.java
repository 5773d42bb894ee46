package io.databroker.ingest.dns.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

import io.databroker.ingest.dns.dns.ClientSubnet;

class ClientAddressAnonymizerTest {

    @Test
    void noneKeepsTheAddressInCanonicalText() throws Exception {
        ClientAddressAnonymizer none = new ClientAddressAnonymizer(PrivacyMode.NONE, 24, 48, "");

        assertThat(none.address(ip("192.0.2.123"))).isEqualTo("192.0.2.123");
        assertThat(none.address(ip("2001:DB8:0:0:1:0:0:1"))).as("RFC 5952: first longest zero run compressed")
                .isEqualTo("2001:db8::1:0:0:1");
        assertThat(none.address(ip("::1"))).isEqualTo("::1");
        assertThat(none.address(null)).isNull();
    }

    @Test
    void truncateKeepsTheConfiguredPrefix() throws Exception {
        ClientAddressAnonymizer truncate = new ClientAddressAnonymizer(PrivacyMode.TRUNCATE, 24, 48, "");

        assertThat(truncate.address(ip("192.0.2.123"))).isEqualTo("192.0.2.0");
        assertThat(truncate.address(ip("2001:db8:abcd:1234:5678::9"))).isEqualTo("2001:db8:abcd::");
        assertThat(new ClientAddressAnonymizer(PrivacyMode.TRUNCATE, 20, 32, "").address(ip("198.51.100.200")))
                .as("a prefix that is not a whole octet").isEqualTo("198.51.96.0");
    }

    @Test
    void hashIsStablePerKeyAndRevealsNoAddress() throws Exception {
        ClientAddressAnonymizer a = new ClientAddressAnonymizer(PrivacyMode.HASH, 24, 48, "secret-1");
        ClientAddressAnonymizer b = new ClientAddressAnonymizer(PrivacyMode.HASH, 24, 48, "secret-2");

        String hashed = a.address(ip("192.0.2.123"));
        assertThat(hashed).as("hex, no address text").matches("[0-9a-f]{32}");
        assertThat(a.address(ip("192.0.2.123"))).isEqualTo(hashed);
        assertThat(a.address(ip("192.0.2.124"))).isNotEqualTo(hashed);
        assertThat(b.address(ip("192.0.2.123"))).as("another key, another value").isNotEqualTo(hashed);
    }

    @Test
    void hashModeRefusesToRunWithoutAKey() {
        assertThatThrownBy(() -> new ClientAddressAnonymizer(PrivacyMode.HASH, 24, 48, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hash-key");
    }

    @Test
    void clientSubnetIsNeverWidenedAndFollowsTheMode() throws Exception {
        ClientSubnet slash24 = new ClientSubnet(ip("198.51.100.0"), 24);
        ClientSubnet slash32 = new ClientSubnet(ip("198.51.100.77"), 32);

        assertThat(new ClientAddressAnonymizer(PrivacyMode.NONE, 24, 48, "").subnet(slash32)).isEqualTo("198.51.100.77/32");
        ClientAddressAnonymizer truncate = new ClientAddressAnonymizer(PrivacyMode.TRUNCATE, 24, 48, "");
        assertThat(truncate.subnet(slash32)).isEqualTo("198.51.100.0/24");
        assertThat(new ClientAddressAnonymizer(PrivacyMode.TRUNCATE, 28, 48, "").subnet(slash24))
                .as("the sender's /24 is already coarser than /28").isEqualTo("198.51.100.0/24");
        assertThat(new ClientAddressAnonymizer(PrivacyMode.HASH, 24, 48, "k").subnet(slash24)).matches("[0-9a-f]{32}/24");
    }

    private static InetAddress ip(String text) throws UnknownHostException {
        return InetAddress.getByName(text);
    }
}
