package io.databroker.ingest.dns.dnstap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

import io.databroker.ingest.dns.TestDnstap;
import io.databroker.ingest.dns.dns.DnsWireDecoder;
import io.databroker.ingest.dns.dns.MalformedDnsMessageException;
import io.databroker.ingest.dns.dnstap.proto.DnstapProtos;

class DnstapDecoderTest {

    private final DnstapDecoder decoder = new DnstapDecoder(new DnsWireDecoder());

    @Test
    void decodesDnsdistsQueryAndResponse() throws IOException {
        List<byte[]> frames = TestDnstap.dataFrames("dnsdist-www.google.com.fstrm");

        DnstapMessage query = decoder.decode(frames.get(0));
        assertThat(query.identity()).isEqualTo("dnsdist");
        assertThat(query.type()).isEqualTo(MessageType.CLIENT_QUERY);
        assertThat(query.socketFamily()).isEqualTo("INET");
        assertThat(query.socketProtocol()).isEqualTo("UDP");
        assertThat(query.queryAddress()).isEqualTo(InetAddress.getByName("172.19.0.1"));
        assertThat(query.responseAddress()).isEqualTo(InetAddress.getByName("172.19.0.2"));
        assertThat(query.responsePort()).isEqualTo(53);
        assertThat(query.queryTime()).isNotNull();
        assertThat(query.query().qname()).isEqualTo("www.google.com");
        assertThat(query.query().qtype()).isEqualTo("A");
        assertThat(query.response()).isNull();

        DnstapMessage response = decoder.decode(frames.get(1));
        assertThat(response.type()).isEqualTo(MessageType.CLIENT_RESPONSE);
        assertThat(response.response().rcode()).isEqualTo("NOERROR");
        assertThat(response.response().id()).isEqualTo(query.query().id());
        assertThat(response.response().answers()).singleElement()
                .satisfies(a -> assertThat(a.data()).isEqualTo("216.58.213.68"));
        assertThat(response.queryPort()).isEqualTo(query.queryPort());
    }

    @Test
    void decodesEveryMessageOfBindsAllTypesCapture() throws IOException {
        List<byte[]> frames = TestDnstap.dataFrames("bind-unittest-all-message-types.fstrm");
        List<MessageType> types = new ArrayList<>();
        for (byte[] frame : frames) {
            DnstapMessage message = decoder.decode(frame);
            types.add(message.type());
            assertThat(message.primary().qname()).isEqualTo("www.isc.org");
            assertThat(message.queryAddress()).isEqualTo(InetAddress.getByName("10.53.0.1"));
        }
        // dnstap-read's listing of the same file (96 lines): every query and response type of each arrow, 8 each.
        assertThat(frames).hasSize(96);
        assertThat(types).contains(MessageType.values()[0], MessageType.AUTH_RESPONSE, MessageType.RESOLVER_QUERY,
                MessageType.RESOLVER_RESPONSE, MessageType.CLIENT_QUERY, MessageType.CLIENT_RESPONSE,
                MessageType.FORWARDER_QUERY, MessageType.FORWARDER_RESPONSE, MessageType.STUB_QUERY,
                MessageType.STUB_RESPONSE, MessageType.TOOL_QUERY, MessageType.TOOL_RESPONSE);
    }

    @Test
    void decodesALargeAnswerFromBind() throws IOException {
        DnstapMessage message = decoder.decode(TestDnstap.dataFrames("bind-9.15.1-large-answer.fstrm").get(0));

        assertThat(message.version()).isEqualTo("BIND 9.15.1");
        assertThat(message.socketFamily()).isEqualTo("INET6");
        assertThat(message.response().answers()).hasSizeGreaterThan(10);
    }

    @Test
    void carriesANanosecondCountOfASecondOrMoreIntoTheSeconds() {
        DnstapMessage normal = decoder.decode(TestDnstap.resource("unframed/bind-correct_query_nanosec.dnstap"));
        DnstapMessage big = decoder.decode(TestDnstap.resource("unframed/bind-query_time_nanosec_big.dnstap"));

        assertThat(normal.queryTime().getNano()).isLessThan(1_000_000_000);
        assertThat(big.queryTime()).isAfter(Instant.EPOCH);
        assertThat(big.queryTime().getNano()).isLessThan(1_000_000_000);
    }

    @Test
    void aMessageTypeOutsideTheEnumIsMalformed() {
        assertThatThrownBy(() -> decoder.decode(TestDnstap.resource("unframed/bind-invalid_message_type.dnstap")))
                .isInstanceOf(MalformedDnstapException.class);
    }

    @Test
    void bytesThatAreNotProtobufAreMalformed() {
        assertThatThrownBy(() -> decoder.decode(new byte[] {(byte) 0xff, (byte) 0xff, 0x00, 0x13, 0x37}))
                .isInstanceOf(MalformedDnstapException.class);
    }

    @Test
    void aBrokenDnsMessageInsideAValidFrameIsMalformedDns() {
        byte[] frame = TestDnstap.event(MessageType.CLIENT_QUERY).client("192.0.2.1", 1000)
                .queryTime(Instant.parse("2026-01-01T00:00:00Z")).queryBytes(new byte[] {1, 2, 3, 4, 5}).bytes();

        assertThatThrownBy(() -> decoder.decode(frame)).isInstanceOf(MalformedDnsMessageException.class);
    }

    @Test
    void aFrameWithoutAnyDnsMessageIsMalformed() {
        byte[] frame = TestDnstap.event(MessageType.CLIENT_QUERY).client("192.0.2.1", 1000).bytes();

        assertThatThrownBy(() -> decoder.decode(frame)).isInstanceOf(MalformedDnstapException.class)
                .hasMessageContaining("neither");
    }

    @Test
    void timesBeyondTheYear9999AreMalformed() {
        byte[] frame = DnstapProtos.Dnstap.newBuilder().setType(DnstapProtos.Dnstap.Type.MESSAGE)
                .setMessage(DnstapProtos.Message.newBuilder().setType(DnstapProtos.Message.Type.CLIENT_QUERY)
                        .setQueryTimeSec(-1L) // uint64 max
                        .setQueryMessage(com.google.protobuf.ByteString.copyFrom(TestDnstap.query(1, "a.test", Type.A).toWire())))
                .build().toByteArray();

        assertThatThrownBy(() -> decoder.decode(frame)).isInstanceOf(MalformedDnstapException.class).hasMessageContaining("9999");
    }
}
