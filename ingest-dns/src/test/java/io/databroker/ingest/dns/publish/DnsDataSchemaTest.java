package io.databroker.ingest.dns.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import io.databroker.ingest.dns.TestDnstap;
import io.databroker.ingest.dns.dns.DnsWireDecoder;
import io.databroker.ingest.dns.dnstap.DnstapDecoder;
import io.databroker.ingest.dns.dnstap.DnstapMessage;
import io.databroker.ingest.dns.dnstap.MessageType;
import io.databroker.ingest.dns.pairing.DnsExchange;
import io.databroker.ingest.dns.privacy.ClientAddressAnonymizer;
import io.databroker.ingest.dns.privacy.PrivacyMode;
import io.databroker.shared.json.Json;

/**
 * Every record shape ingest-dns produces validates against the published contract, schemas/dns_data.schema.json
 * (the file itself, read from the repository, with {@code format} asserted as enrich-service asserts it).
 */
class DnsDataSchemaTest {

    private static Schema schema;

    private final DnstapDecoder decoder = new DnstapDecoder(new DnsWireDecoder());

    @BeforeAll
    static void loadTheContract() throws IOException {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        try (InputStream in = Files.newInputStream(Path.of("..", "schemas", "dns_data.schema.json"))) {
            schema = registry.getSchema(in);
        }
    }

    @Test
    void theSchemaRejectsARecordWithoutQname() throws IOException {
        assertThat(schema.validate(Json.mapper().readTree("{\"message_type\":\"CLIENT_QUERY\",\"qtype\":\"A\",\"query_time\":\"2026-01-01T00:00:00Z\"}")))
                .as("the check can fail").isNotEmpty();
    }

    @Test
    void pairedNxdomainWithAuthorityAndClientSubnetIsValid() throws Exception {
        Message query = TestDnstap.query(1, "missing.example.test.", Type.A);
        query.addRecord(new OPTRecord(1232, 0, 0, 0, new ClientSubnetOption(24, InetAddress.getByName("198.51.100.0"))),
                Section.ADDITIONAL);
        SOARecord soa = new SOARecord(TestDnstap.name("example.test."), DClass.IN, 3600, TestDnstap.name("ns.example.test."),
                TestDnstap.name("hostmaster.example.test."), 1, 3600, 600, 86400, 300);
        Message response = TestDnstap.response(query, Rcode.NXDOMAIN, List.of(), List.of(soa));
        response.getHeader().setFlag(Flags.AA);
        Instant t = Instant.parse("2026-11-21T10:00:00Z");
        DnstapMessage q = decoder.decode(TestDnstap.event(MessageType.CLIENT_QUERY).client("2001:db8::5", 5353)
                .queryTime(t).query(query).bytes());
        DnstapMessage r = decoder.decode(TestDnstap.event(MessageType.CLIENT_RESPONSE).client("2001:db8::5", 5353)
                .queryTime(t).responseTime(t.plusMillis(3)).response(response).bytes());

        for (PrivacyMode mode : PrivacyMode.values()) {
            assertValid(new DnsRecordMapper(new ClientAddressAnonymizer(mode, 24, 48, "key")).map(new DnsExchange(q, r)).value());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dnsdist-www.google.com.fstrm", "bind-unittest-all-message-types.fstrm",
            "bind-9.15.1-large-answer.fstrm"})
    void everyMessageOfTheRealCapturesMapsToAValidRecord(String fixture) throws IOException {
        DnsRecordMapper mapper = new DnsRecordMapper(new ClientAddressAnonymizer(PrivacyMode.TRUNCATE, 24, 48, ""));
        List<byte[]> values = new ArrayList<>();
        for (byte[] frame : TestDnstap.dataFrames(fixture)) {
            values.add(mapper.map(DnsExchange.of(decoder.decode(frame))).value());
        }
        assertThat(values).isNotEmpty();
        for (byte[] value : values) {
            assertValid(value);
        }
    }

    private static void assertValid(byte[] value) throws IOException {
        List<Error> errors = schema.validate(Json.mapper().readTree(value));
        assertThat(errors).as(new String(value, java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
    }
}
