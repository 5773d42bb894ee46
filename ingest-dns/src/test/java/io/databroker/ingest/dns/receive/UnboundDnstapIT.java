package io.databroker.ingest.dns.receive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.databroker.shared.id.DocumentIds;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.UnboundResolver;
import tools.jackson.databind.JsonNode;

/**
 * A real unbound sends its dnstap to ingest-dns (over TCP, and over a Unix socket), is queried with dig for A, AAAA,
 * MX, TXT and NXDOMAIN names, and the records on the topic match the queries one for one.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class UnboundDnstapIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String READY = "ready.example.test";
    private static final String IDENTITY = "unbound-it";
    /** The names the test queries, served by unbound itself (no network). */
    private static final List<String> ZONE = List.of(
            "  local-zone: \"example.test.\" static",
            "  local-data: \"example.test. 3600 IN SOA ns.example.test. hostmaster.example.test. 1 3600 600 86400 300\"",
            "  local-data: \"www.example.test. 300 IN A 192.0.2.10\"",
            "  local-data: \"www.example.test. 300 IN AAAA 2001:db8::10\"",
            "  local-data: \"example.test. 300 IN MX 10 mail.example.test.\"",
            "  local-data: 'example.test. 300 IN TXT \"hello dnstap\"'",
            "  local-data: \"ready.example.test. 300 IN A 192.0.2.1\"",
            "  local-zone: \"nx.test.\" always_nxdomain");

    @BeforeAll
    static void unboundIsInstalled() {
        UnboundResolver.requireInstalled();
    }

    @Test
    void unboundsDnstapOverTcpBecomesOneRecordPerQuery() throws Exception {
        try (IngestHarness harness = IngestHarness.start(IngestHarness.Options.defaults());
             UnboundResolver unbound = unbound("tcp", List.of(
                     "  dnstap-ip: 127.0.0.1@" + harness.tcpPort(),
                     "  dnstap-tls: no"))) {
            queryAndCheck(harness, unbound);
        }
    }

    @Test
    void unboundsDnstapOverAUnixSocketBecomesOneRecordPerQuery() throws Exception {
        Path socket = Files.createDirectories(Path.of("target", "unbound").toAbsolutePath())
                .resolve("dnstap-" + ProcessHandle.current().pid() + ".sock");
        try (IngestHarness harness = IngestHarness.start(IngestHarness.Options.defaults().unix(socket));
             UnboundResolver unbound = unbound("unix", List.of("  dnstap-socket-path: \"" + socket + "\""))) {
            queryAndCheck(harness, unbound);
        }
        assertThat(socket).as("the socket file is removed on close").doesNotExist();
    }

    private static UnboundResolver unbound(String name, List<String> dnstapTarget) {
        return UnboundResolver.start(Path.of("target", "unbound", name + "-" + System.nanoTime()), IDENTITY, ZONE, dnstapTarget);
    }

    private static void queryAndCheck(IngestHarness harness, UnboundResolver unbound) {
        // unbound connects its dnstap thread asynchronously: query a probe name until its record comes through.
        Await.until(TIMEOUT, "unbound's dnstap to reach the topic; unbound log:\n" + unbound.log(), () -> {
            assertThat(unbound.dig(READY, "A")).containsExactly("192.0.2.1");
            return harness.awaitRecords(0, TIMEOUT).stream().anyMatch(r -> r.key().equals(READY));
        });

        assertThat(unbound.dig("www.example.test", "A")).containsExactly("192.0.2.10");
        assertThat(unbound.dig("www.example.test", "AAAA")).containsExactly("2001:db8::10");
        assertThat(unbound.dig("example.test", "MX")).containsExactly("10 mail.example.test.");
        assertThat(unbound.dig("example.test", "TXT")).containsExactly("\"hello dnstap\"");
        assertThat(unbound.dig("missing.example.test", "A")).isEmpty();
        assertThat(unbound.dig("anything.nx.test", "A")).isEmpty();

        // dnstap travels after the answer: wait for the six records, then for nothing to be pending, then read all.
        Await.until(TIMEOUT, "six query records", () -> harness.awaitRecords(0, TIMEOUT).stream()
                .filter(r -> !r.key().equals(READY)).count() >= 6);
        List<ConsumerRecord<String, byte[]>> all = harness.settledRecords(TIMEOUT);
        Map<String, JsonNode> byQuestion = all.stream().filter(r -> !r.key().equals(READY)).map(IngestHarness::json)
                .collect(Collectors.toMap(j -> j.get("qname").asString() + "/" + j.get("qtype").asString(), Function.identity()));
        assertThat(byQuestion).as("one record per query, nothing else").containsOnlyKeys(
                "www.example.test/A", "www.example.test/AAAA", "example.test/MX", "example.test/TXT",
                "missing.example.test/A", "anything.nx.test/A");
        assertThat(all).hasSize(byQuestion.size() + (int) all.stream().filter(r -> r.key().equals(READY)).count());

        assertAnswer(byQuestion.get("www.example.test/A"), "NOERROR", "A", "192.0.2.10");
        assertAnswer(byQuestion.get("www.example.test/AAAA"), "NOERROR", "AAAA", "2001:db8::10");
        assertAnswer(byQuestion.get("example.test/MX"), "NOERROR", "MX", "10 mail.example.test.");
        assertAnswer(byQuestion.get("example.test/TXT"), "NOERROR", "TXT", "\"hello dnstap\"");
        JsonNode missing = byQuestion.get("missing.example.test/A");
        assertThat(missing.get("rcode").asString()).isEqualTo("NXDOMAIN");
        assertThat(missing.get("answers").isEmpty()).isTrue();
        assertThat(missing.get("authorities").get(0).get("type").asString()).isEqualTo("SOA");
        assertThat(missing.get("authorities").get(0).get("name").asString()).isEqualTo("example.test");
        assertThat(byQuestion.get("anything.nx.test/A").get("rcode").asString()).isEqualTo("NXDOMAIN");

        for (JsonNode record : byQuestion.values()) {
            assertThat(record.get("message_type").asString()).as("query and response paired").isEqualTo("CLIENT_RESPONSE");
            assertThat(record.get("identity").asString()).isEqualTo(IDENTITY);
            assertThat(record.get("version").asString()).startsWith("unbound");
            assertThat(record.get("socket_family").asString()).isEqualTo("INET");
            assertThat(record.get("socket_protocol").asString()).isEqualTo("UDP");
            assertThat(record.get("query_address").asString()).as("truncated to /24 by default").isEqualTo("127.0.0.0");
            assertThat(record.get("response_port").asInt()).isEqualTo(unbound.port());
            assertThat(record.get("query_time").isNull()).isFalse();
            assertThat(record.get("response_time").isNull()).isFalse();
            assertThat(record.get("latency_ms").asDouble()).isGreaterThanOrEqualTo(0.0);
            assertThat(record.get("flags").toString()).contains("\"qr\"", "\"rd\"", "\"ra\"");
            assertThat(record.get("id").asString()).isEqualTo(DocumentIds.dns(IDENTITY, record.get("query_time").asString(),
                    "127.0.0.0", record.get("query_port").asInt(), record.get("message_id").asInt(),
                    record.get("qname").asString(), record.get("qtype").asString()));
        }
    }

    private static void assertAnswer(JsonNode record, String rcode, String type, String data) {
        assertThat(record.get("rcode").asString()).isEqualTo(rcode);
        assertThat(record.get("answers")).singleElement().satisfies(answer -> {
            assertThat(answer.get("type").asString()).isEqualTo(type);
            assertThat(answer.get("data").asString()).isEqualTo(data);
            assertThat(answer.get("ttl").asInt()).isEqualTo(300);
        });
    }
}
