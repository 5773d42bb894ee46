package io.databroker.ingest.dns.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

import io.databroker.ingest.dns.TestDnstap;
import io.databroker.ingest.dns.dns.DnsWireDecoder;
import io.databroker.ingest.dns.dnstap.DnstapDecoder;
import io.databroker.ingest.dns.dnstap.DnstapMessage;
import io.databroker.ingest.dns.dnstap.MessageType;
import io.databroker.ingest.dns.pairing.DnsExchange;
import io.databroker.ingest.dns.privacy.ClientAddressAnonymizer;
import io.databroker.ingest.dns.privacy.PrivacyMode;
import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.JsonNode;

class DnsRecordMapperTest {

    private static final Instant QUERY_TIME = Instant.parse("2026-11-21T10:00:00.123456789Z");
    private static final Instant RESPONSE_TIME = Instant.parse("2026-11-21T10:00:00.125956789Z");

    private final DnstapDecoder decoder = new DnstapDecoder(new DnsWireDecoder());
    private final DnsRecordMapper truncating = new DnsRecordMapper(new ClientAddressAnonymizer(PrivacyMode.TRUNCATE, 24, 48, ""));

    @Test
    void aPairedExchangeBecomesOneRecordWithBothTimesAndTheLatency() throws Exception {
        DnsRecord record = truncating.map(pairedAaaa());
        JsonNode json = Json.mapper().readTree(record.value());

        assertThat(record.key()).isEqualTo("www.example.test");
        assertThat(json.get("message_type").asString()).isEqualTo("CLIENT_RESPONSE");
        assertThat(json.get("identity").asString()).isEqualTo("test-resolver");
        assertThat(json.get("query_time").asString()).isEqualTo("2026-11-21T10:00:00.123456789Z");
        assertThat(json.get("response_time").asString()).isEqualTo("2026-11-21T10:00:00.125956789Z");
        assertThat(json.get("latency_ms").asDouble()).isEqualTo(2.5);
        assertThat(json.get("query_address").asString()).as("truncated to /24").isEqualTo("192.0.2.0");
        assertThat(json.get("query_port").asInt()).isEqualTo(53000);
        assertThat(json.get("response_address").asString()).isEqualTo("127.0.0.1");
        assertThat(json.get("message_id").asInt()).isEqualTo(321);
        assertThat(json.get("qtype").asString()).isEqualTo("AAAA");
        assertThat(json.get("qclass").asString()).isEqualTo("IN");
        assertThat(json.get("rcode").asString()).isEqualTo("NOERROR");
        assertThat(json.get("flags").toString()).isEqualTo("[\"qr\",\"rd\",\"ra\"]");
        assertThat(json.get("answers").toString())
                .isEqualTo("[{\"name\":\"www.example.test\",\"type\":\"AAAA\",\"ttl\":300,\"data\":\"2001:db8::10\"}]");
        assertThat(json.get("authorities").isEmpty()).isTrue();
        assertThat(json.get("edns_client_subnet").isNull()).isTrue();
    }

    @Test
    void theIdFollowsArchitectureSection4OverThePublishedAddress() throws Exception {
        DnsRecord record = truncating.map(pairedAaaa());
        String expected = DocumentIds.dns("test-resolver", "2026-11-21T10:00:00.123456789Z", "192.0.2.0", 53000, 321,
                "www.example.test", "AAAA");

        assertThat(record.cloudEvent().id()).isEqualTo(expected);
        assertThat(Json.mapper().readTree(record.value()).get("id").asString()).isEqualTo(expected);
        assertThat(truncating.map(pairedAaaa()).cloudEvent().id()).as("stable across redeliveries").isEqualTo(expected);
        assertThat(expected).as("never derived from the raw address under a privacy mode").isNotEqualTo(
                DocumentIds.dns("test-resolver", "2026-11-21T10:00:00.123456789Z", "192.0.2.77", 53000, 321,
                        "www.example.test", "AAAA"));
    }

    @Test
    void theEnvelopeNamesTheDnsEventTypeAndTheQueryTime() {
        DnsRecord record = truncating.map(pairedAaaa());

        assertThat(record.cloudEvent().type()).isEqualTo(Source.DNS.eventType());
        assertThat(record.cloudEvent().time()).isEqualTo(QUERY_TIME);
        assertThat(record.cloudEvent().source()).isEqualTo("/ingest-dns/test-resolver");
    }

    @Test
    void aResponseLoggedAloneWithoutQueryTimeIsKeyedOnTheResponseTime() throws Exception {
        // unbound's CLIENT_RESPONSE carries no query time.
        DnstapMessage response = decoder.decode(TestDnstap.event(MessageType.CLIENT_RESPONSE).client("192.0.2.77", 53000)
                .responseTime(RESPONSE_TIME).response(TestDnstap.noError(TestDnstap.query(5, "a.example.test.", Type.A))).bytes());

        DnsRecord record = truncating.map(DnsExchange.of(response));
        JsonNode json = Json.mapper().readTree(record.value());

        assertThat(json.get("query_time").isNull()).isTrue();
        assertThat(json.get("latency_ms").isNull()).isTrue();
        assertThat(record.cloudEvent().time()).isEqualTo(RESPONSE_TIME);
        assertThat(record.cloudEvent().id()).isEqualTo(DocumentIds.dns("test-resolver", RESPONSE_TIME.toString(),
                "192.0.2.0", 53000, 5, "a.example.test", "A"));
    }

    @Test
    void aQueryAloneHasNoRcodeAndNoAnswers() throws Exception {
        DnsRecord record = truncating.map(DnsExchange.of(query(TestDnstap.query(9, "b.example.test.", Type.TXT))));
        JsonNode json = Json.mapper().readTree(record.value());

        assertThat(json.get("message_type").asString()).isEqualTo("CLIENT_QUERY");
        assertThat(json.get("rcode").isNull()).isTrue();
        assertThat(json.get("answers").isEmpty()).isTrue();
        assertThat(json.get("flags").toString()).isEqualTo("[\"rd\"]");
    }

    @Test
    void noneModePublishesTheAddressAndHashModeItsKeyedHash() throws Exception {
        DnsExchange exchange = pairedAaaa();

        JsonNode none = Json.mapper().readTree(new DnsRecordMapper(new ClientAddressAnonymizer(PrivacyMode.NONE, 24, 48, ""))
                .map(exchange).value());
        JsonNode hashed = Json.mapper().readTree(new DnsRecordMapper(new ClientAddressAnonymizer(PrivacyMode.HASH, 24, 48, "k"))
                .map(exchange).value());

        assertThat(none.get("query_address").asString()).isEqualTo("192.0.2.77");
        assertThat(hashed.get("query_address").asString()).matches("[0-9a-f]{32}");
        assertThat(hashed.get("id").asString()).isNotEqualTo(none.get("id").asString());
    }

    DnsExchange pairedAaaa() {
        try {
            Message query = TestDnstap.query(321, "www.example.test.", Type.AAAA);
            Message response = TestDnstap.noError(query, new AAAARecord(TestDnstap.name("www.example.test."), DClass.IN, 300,
                    InetAddress.getByName("2001:db8::10")));
            DnstapMessage q = query(query);
            DnstapMessage r = decoder.decode(TestDnstap.event(MessageType.CLIENT_RESPONSE).client("192.0.2.77", 53000)
                    .responseTime(RESPONSE_TIME).response(response).bytes());
            return new DnsExchange(q, r);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private DnstapMessage query(Message query) {
        return decoder.decode(TestDnstap.event(MessageType.CLIENT_QUERY).client("192.0.2.77", 53000)
                .queryTime(QUERY_TIME).query(query).bytes());
    }
}
