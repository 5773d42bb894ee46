package io.databroker.ingest.dns.receive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.databroker.ingest.dns.TestDnstap;
import io.databroker.ingest.dns.ingest.DropReason;
import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.JsonNode;

/** Capture files (unidirectional Frame Streams) replayed through the same path as live senders, onto the real broker. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CaptureFileReplayIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void dnsdistsCaptureBecomesOnePairedRecordWithEnvelope() throws Exception {
        try (IngestHarness harness = IngestHarness.start(IngestHarness.Options.defaults())) {
            CaptureFileReplayer.Outcome outcome = new CaptureFileReplayer(harness.ingest, 1 << 20)
                    .replay(fixture("dnsdist-www.google.com.fstrm"));

            assertThat(outcome).isEqualTo(CaptureFileReplayer.Outcome.COMPLETE);
            ConsumerRecord<String, byte[]> record = harness.awaitRecords(1, TIMEOUT).get(0);
            JsonNode json = IngestHarness.json(record);
            assertThat(record.key()).isEqualTo("www.google.com");
            assertThat(json.get("message_type").asString()).isEqualTo("CLIENT_RESPONSE");
            assertThat(json.get("identity").asString()).isEqualTo("dnsdist");
            assertThat(json.get("query_address").asString()).isEqualTo("172.19.0.0");
            assertThat(json.get("latency_ms").asDouble()).isPositive();
            assertThat(json.get("answers").get(0).get("data").asString()).isEqualTo("216.58.213.68");
            assertThat(CloudEventHeaders.read(record.headers())).hasValueSatisfying(event -> {
                assertThat(event.id()).isEqualTo(json.get("id").asString());
                assertThat(event.type()).isEqualTo(Source.DNS.eventType());
                assertThat(event.time().toString()).isEqualTo(json.get("query_time").asString());
            });
            assertThat(harness.settledRecords(TIMEOUT)).hasSize(1);
        }
    }

    @Test
    void everyMessageOfBindsCaptureIsPublishedWhenPairingIsOff() throws Exception {
        try (IngestHarness harness = IngestHarness.start(IngestHarness.Options.defaults().withoutPairing())) {
            assertThat(new CaptureFileReplayer(harness.ingest, 1 << 20).replay(fixture("bind-unittest-all-message-types.fstrm")))
                    .isEqualTo(CaptureFileReplayer.Outcome.COMPLETE);

            List<ConsumerRecord<String, byte[]>> records = harness.awaitRecords(96, TIMEOUT);
            assertThat(records).hasSize(96);
            assertThat(records).extracting(r -> IngestHarness.json(r).get("message_type").asString())
                    .contains("AUTH_QUERY", "AUTH_RESPONSE", "RESOLVER_QUERY", "RESOLVER_RESPONSE", "CLIENT_QUERY",
                            "CLIENT_RESPONSE", "FORWARDER_QUERY", "FORWARDER_RESPONSE", "STUB_QUERY", "STUB_RESPONSE",
                            "TOOL_QUERY", "TOOL_RESPONSE");
        }
    }

    @Test
    void aCaptureCutMidFrameDeliversEveryWholeFrame() throws Exception {
        int wholeFrames = TestDnstap.dataFrames("resolver-5.4.2-real-traffic-truncated.dnstap").size();
        try (IngestHarness harness = IngestHarness.start(IngestHarness.Options.defaults().withoutPairing())) {
            assertThat(new CaptureFileReplayer(harness.ingest, 1 << 20).replay(fixture("resolver-5.4.2-real-traffic-truncated.dnstap")))
                    .isEqualTo(CaptureFileReplayer.Outcome.TRUNCATED);

            assertThat(harness.awaitRecords(wholeFrames, TIMEOUT)).hasSize(wholeFrames);
            assertThat(harness.metrics.droppedCount(DropReason.TRUNCATED_FRAME)).isEqualTo(1);
        }
    }

    @Test
    void aBadFrameInsideAFileIsDroppedAndTheRestReplayed() throws Exception {
        List<byte[]> frames = new ArrayList<>(TestDnstap.dataFrames("dnsdist-www.google.com.fstrm"));
        frames.add(1, new byte[] {0x0a, (byte) 0xff, 0x7f});
        Path file = Files.write(dir.resolve("with-garbage.fstrm"), TestDnstap.captureFile(frames));
        try (IngestHarness harness = IngestHarness.start(IngestHarness.Options.defaults())) {
            assertThat(new CaptureFileReplayer(harness.ingest, 1 << 20).replay(file)).isEqualTo(CaptureFileReplayer.Outcome.COMPLETE);

            assertThat(harness.awaitRecords(1, TIMEOUT)).hasSize(1);
            assertThat(harness.metrics.droppedCount(DropReason.MALFORMED_DNSTAP)).isEqualTo(1);
        }
    }

    @Test
    void aFileThatIsNotFrameStreamsIsRejected() throws Exception {
        Path file = Files.write(dir.resolve("not-a-capture.fstrm"), "{\"qname\":\"example.com\"}\n".repeat(10).getBytes());
        try (IngestHarness harness = IngestHarness.start(IngestHarness.Options.defaults())) {
            assertThat(new CaptureFileReplayer(harness.ingest, 1 << 20).replay(file)).isEqualTo(CaptureFileReplayer.Outcome.INVALID);
            assertThat(harness.metrics.droppedCount(DropReason.PROTOCOL_ERROR)).isEqualTo(1);
            assertThat(harness.metrics.receivedCount()).isZero();
        }
    }

    private static Path fixture(String name) throws Exception {
        return Path.of(CaptureFileReplayIT.class.getResource("/fixtures/dnstap/" + name).toURI());
    }
}
