package io.databroker.ingest.dns.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

import io.databroker.ingest.dns.TestDnstap;

class DnsWireDecoderTest {

    private final DnsWireDecoder decoder = new DnsWireDecoder();

    @Test
    void decodesQuestionHeaderAndAnswers() throws Exception {
        Message query = TestDnstap.query(4711, "WWW.Example.TEST.", Type.A);
        Message response = TestDnstap.noError(query,
                new ARecord(TestDnstap.name("www.example.test."), DClass.IN, 300, InetAddress.getByName("192.0.2.10")));

        DnsMessage decoded = decoder.decode(response.toWire());

        assertThat(decoded.id()).isEqualTo(4711);
        assertThat(decoded.qname()).as("lower-case, no trailing dot").isEqualTo("www.example.test");
        assertThat(decoded.qtype()).isEqualTo("A");
        assertThat(decoded.qclass()).isEqualTo("IN");
        assertThat(decoded.rcode()).isEqualTo("NOERROR");
        assertThat(decoded.flags()).containsExactly("qr", "rd", "ra");
        assertThat(decoded.answers()).containsExactly(new ResourceRecord("www.example.test", "A", 300, "192.0.2.10"));
        assertThat(decoded.authorities()).isEmpty();
        assertThat(decoded.clientSubnet()).isNull();
    }

    @Test
    void rendersRdataInPresentationFormat() {
        Message query = TestDnstap.query(1, "example.test.", Type.MX);
        Message response = TestDnstap.noError(query,
                new MXRecord(TestDnstap.name("example.test."), DClass.IN, 60, 10, TestDnstap.name("mail.example.test.")),
                new TXTRecord(TestDnstap.name("example.test."), DClass.IN, 60, "hello dnstap"));

        assertThat(decoder.decode(response.toWire()).answers()).extracting(ResourceRecord::type, ResourceRecord::data)
                .containsExactly(tuple("MX", "10 mail.example.test."),
                        tuple("TXT", "\"hello dnstap\""));
    }

    @Test
    void nxdomainCarriesTheZonesSoaInTheAuthoritySection() {
        Message query = TestDnstap.query(2, "missing.example.test.", Type.A);
        SOARecord soa = new SOARecord(TestDnstap.name("example.test."), DClass.IN, 3600, TestDnstap.name("ns.example.test."),
                TestDnstap.name("hostmaster.example.test."), 1, 3600, 600, 86400, 300);
        Message response = TestDnstap.response(query, Rcode.NXDOMAIN, List.of(), List.of(soa));
        response.getHeader().setFlag(Flags.AA);

        DnsMessage decoded = decoder.decode(response.toWire());

        assertThat(decoded.rcode()).isEqualTo("NXDOMAIN");
        assertThat(decoded.flags()).contains("aa");
        assertThat(decoded.answers()).isEmpty();
        assertThat(decoded.authorities()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("example.test");
            assertThat(a.type()).isEqualTo("SOA");
            assertThat(a.data()).startsWith("ns.example.test. hostmaster.example.test. 1 ");
        });
    }

    @Test
    void readsTheEdnsClientSubnetAndTheDnssecOkFlag() throws Exception {
        Message query = TestDnstap.query(3, "www.example.test.", Type.AAAA);
        query.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO, new ClientSubnetOption(24, InetAddress.getByName("198.51.100.0"))),
                Section.ADDITIONAL);

        DnsMessage decoded = decoder.decode(query.toWire());

        assertThat(decoded.clientSubnet()).isEqualTo(new ClientSubnet(InetAddress.getByName("198.51.100.0"), 24));
        assertThat(decoded.flags()).contains("rd", "do");
    }

    @Test
    void theRootNameStaysADot() {
        assertThat(decoder.decode(TestDnstap.query(5, ".", Type.NS).toWire()).qname()).isEqualTo(".");
    }

    @Test
    void aCutMessageIsMalformed() {
        byte[] wire = TestDnstap.query(6, "www.example.test.", Type.A).toWire();

        assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(wire, wire.length - 3)))
                .isInstanceOf(MalformedDnsMessageException.class);
    }

    @Test
    void aMessageWithoutQuestionHasNoQname() {
        assertThatThrownBy(() -> decoder.decode(new Message(7).toWire())).isInstanceOf(MissingQuestionException.class);
    }
}
