package io.databroker.ingest.dns.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

import io.databroker.ingest.dns.TestDnstap;
import io.databroker.ingest.dns.dnstap.MessageType;
import io.databroker.ingest.dns.framestream.ControlFrameType;
import io.databroker.ingest.dns.framestream.Frame;
import io.databroker.ingest.dns.ingest.DropReason;
import io.databroker.ingest.dns.pairing.PairingResult;
import io.databroker.testsupport.Await;
import tools.jackson.databind.JsonNode;

/** The TCP listener against real senders' behaviour, good and bad, publishing to the real broker. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DnstapReceiverIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void publishesAQueryAndItsResponseAsOnePairedRecordAndAnswersStopWithFinish() throws Exception {
        try (IngestHarness harness = IngestHarness.start(IngestHarness.Options.defaults());
             TestSender sender = TestSender.connect(harness.tcpPort()).handshake()) {
            sender.send(exchange("www.example.test.", 1, 40001));

            assertThat(sender.stopAndAwaitFinish()).isEqualTo(Frame.Control.of(ControlFrameType.FINISH));
            JsonNode record = IngestHarness.json(harness.awaitRecords(1, TIMEOUT).get(0));
            assertThat(record.get("message_type").asString()).isEqualTo("CLIENT_RESPONSE");
            assertThat(record.get("qname").asString()).isEqualTo("www.example.test");
            assertThat(record.get("latency_ms").asDouble()).isEqualTo(1.5);
            assertThat(record.get("answers").get(0).get("data").asString()).isEqualTo("192.0.2.10");
            assertThat(harness.meters.get("broker.dns.pairing").tag("result", PairingResult.PAIRED.tag()).counter().count()).isEqualTo(1);
        }
    }

    @Test
    void keepsWhatArrivedBeforeASenderDisconnectsMidFrame() throws Exception {
        try (IngestHarness harness = IngestHarness.start(IngestHarness.Options.defaults().withoutPairing())) {
            try (TestSender sender = TestSender.connect(harness.tcpPort()).handshake()) {
                sender.send(List.of(query("a.example.test.", 1, 1000), query("b.example.test.", 2, 1000)));
                // A length word announcing 500 bytes, then only 20 of them.
                sender.sendRaw(ByteBuffer.allocate(24).putInt(500).put(new byte[20]).array());
            }

            assertThat(harness.awaitRecords(2, TIMEOUT)).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder("a.example.test", "b.example.test");
            Await.until(TIMEOUT, "the cut frame to be counted", () -> harness.metrics.droppedCount(DropReason.TRUNCATED_FRAME) == 1);
            // The connection is counted as closed in a finally that runs after the drop is counted.
            Await.until(TIMEOUT, "the cut connection to be closed", () -> harness.metrics.openConnections() == 0);
            assertThatCode(() -> {
                try (TestSender next = TestSender.connect(harness.tcpPort()).handshake()) {
                    next.send(List.of(query("c.example.test.", 3, 1000))).stopAndAwaitFinish();
                }
            }).as("the listener serves the next sender").doesNotThrowAnyException();
            assertThat(harness.awaitRecords(3, TIMEOUT)).hasSize(3);
        }
    }

    @Test
    void aSenderThatClosesRightAfterStopLosesNothing() throws Exception {
        try (IngestHarness harness = IngestHarness.start(IngestHarness.Options.defaults().withoutPairing())) {
            try (TestSender sender = TestSender.connect(harness.tcpPort()).handshake()) {
                sender.send(List.of(query("a.example.test.", 1, 1000), query("b.example.test.", 2, 1000)));
                sender.stop();
            }

            assertThat(harness.awaitRecords(2, TIMEOUT)).hasSize(2);
            assertThat(harness.metrics.droppedCount(DropReason.PROTOCOL_ERROR)).isZero();
            assertThat(harness.metrics.droppedCount(DropReason.TRUNCATED_FRAME)).isZero();
        }
    }

    @Test
    void closesAGarbageStreamAndKeepsServingOthers() throws Exception {
        try (IngestHarness harness = IngestHarness.start(IngestHarness.Options.defaults())) {
            try (TestSender garbage = TestSender.connect(harness.tcpPort())) {
                // Someone points an HTTP client at the dnstap port.
                garbage.sendRaw("GET / HTTP/1.1\r\nHost: collector\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(closedByReceiver(garbage)).as("the receiver hangs up").isTrue();
            }
            assertThat(harness.metrics.droppedCount(DropReason.PROTOCOL_ERROR)).isEqualTo(1);

            try (TestSender good = TestSender.connect(harness.tcpPort()).handshake()) {
                good.send(exchange("ok.example.test.", 5, 2000)).stopAndAwaitFinish();
            }
            assertThat(harness.awaitRecords(1, TIMEOUT)).extracting(ConsumerRecord::key).containsExactly("ok.example.test");
        }
    }

    @Test
    void skipsAnOversizedFrameAndKeepsTheConnection() throws Exception {
        try (IngestHarness harness = IngestHarness.start(IngestHarness.Options.defaults().withoutPairing().maxFrameSize(64 * 1024));
             TestSender sender = TestSender.connect(harness.tcpPort()).handshake()) {
            sender.send(List.of(query("before.example.test.", 1, 1000), new byte[200_000], query("after.example.test.", 2, 1000)));

            assertThat(sender.stopAndAwaitFinish()).isEqualTo(Frame.Control.of(ControlFrameType.FINISH));
            assertThat(harness.awaitRecords(2, TIMEOUT)).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder("before.example.test", "after.example.test");
            assertThat(harness.metrics.droppedCount(DropReason.OVERSIZED_FRAME)).isEqualTo(1);
        }
    }

    @Test
    void dropsUndecodableFramesAndKeepsTheConnection() throws Exception {
        try (IngestHarness harness = IngestHarness.start(IngestHarness.Options.defaults().withoutPairing());
             TestSender sender = TestSender.connect(harness.tcpPort()).handshake()) {
            byte[] notProtobuf = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02};
            byte[] brokenDns = TestDnstap.event(MessageType.CLIENT_QUERY).client("192.0.2.1", 1).queryTime(T0)
                    .queryBytes(new byte[] {0, 1, 2}).bytes();
            sender.send(List.of(query("a.example.test.", 1, 1000), notProtobuf, brokenDns, query("b.example.test.", 2, 1000)));

            assertThat(sender.stopAndAwaitFinish()).isEqualTo(Frame.Control.of(ControlFrameType.FINISH));
            assertThat(harness.awaitRecords(2, TIMEOUT)).hasSize(2);
            assertThat(harness.metrics.droppedCount(DropReason.MALFORMED_DNSTAP)).isEqualTo(1);
            assertThat(harness.metrics.droppedCount(DropReason.MALFORMED_DNS)).isEqualTo(1);
            assertThat(harness.meters.get("broker.events.failed").tag("reason", "malformed_dns").tag("stage", "decode")
                    .counter().count()).isEqualTo(1);
        }
    }

    @Test
    void servesManySendersAtOnceAndPairsAcrossTheirStreams() throws Exception {
        int senders = 8;
        int exchangesEach = 250;
        try (IngestHarness harness = IngestHarness.start(IngestHarness.Options.defaults())) {
            ExecutorService pool = Executors.newFixedThreadPool(senders);
            List<Future<Frame>> finishes = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                finishes.add(pool.submit(() -> {
                    try (TestSender connection = TestSender.connect(harness.tcpPort()).handshake()) {
                        for (int i = 0; i < exchangesEach; i++) {
                            connection.send(exchange("host" + i + ".sender" + sender + ".test.", i, 10_000 + sender));
                        }
                        return connection.stopAndAwaitFinish();
                    }
                }));
            }
            for (Future<Frame> finish : finishes) {
                assertThat(finish.get(60, TimeUnit.SECONDS)).isEqualTo(Frame.Control.of(ControlFrameType.FINISH));
            }
            pool.shutdown();

            List<ConsumerRecord<String, byte[]>> records = harness.awaitRecords(senders * exchangesEach, TIMEOUT);
            assertThat(records).hasSize(senders * exchangesEach);
            assertThat(records).extracting(r -> IngestHarness.json(r).get("message_type").asString()).containsOnly("CLIENT_RESPONSE");
            assertThat(records).extracting(ConsumerRecord::key).doesNotHaveDuplicates();
        }
    }

    @Test
    void refusesConnectionsBeyondTheLimitAndServesTheOthers() throws Exception {
        try (IngestHarness harness = IngestHarness.start(IngestHarness.Options.defaults().maxConnections(2));
             TestSender first = TestSender.connect(harness.tcpPort()).handshake();
             TestSender second = TestSender.connect(harness.tcpPort()).handshake()) {
            Await.until(TIMEOUT, "two open connections", () -> harness.metrics.openConnections() == 2);

            try (TestSender third = TestSender.connect(harness.tcpPort())) {
                assertThat(closedByReceiver(third)).isTrue();
            }
            // Counted just after the receiver closes the refused connection.
            Await.until(TIMEOUT, "the refused connection to be counted",
                    () -> harness.meters.get("broker.dns.connections.rejected").counter().count() == 1);

            first.send(exchange("first.example.test.", 1, 1)).stopAndAwaitFinish();
            second.send(exchange("second.example.test.", 1, 2)).stopAndAwaitFinish();
            assertThat(harness.awaitRecords(2, TIMEOUT)).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder("first.example.test", "second.example.test");
        }
    }

    /** True when the receiver closed the connection (end of stream or reset) within the timeout. */
    static boolean closedByReceiver(TestSender sender) throws Exception {
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            return reader.submit(() -> {
                try {
                    return sender.next() == null;
                } catch (IOException e) {
                    return true;
                }
            }).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            reader.shutdownNow();
        }
    }

    static byte[] query(String name, int id, int port) {
        return TestDnstap.event(MessageType.CLIENT_QUERY).client("192.0.2.1", port).queryTime(T0)
                .query(TestDnstap.query(id, name, Type.A)).bytes();
    }

    /** A CLIENT_QUERY and its CLIENT_RESPONSE (A 192.0.2.10), 1.5 ms apart. */
    static List<byte[]> exchange(String name, int id, int port) throws IOException {
        Message query = TestDnstap.query(id, name, Type.A);
        Message response = TestDnstap.noError(query,
                new ARecord(TestDnstap.name(name), DClass.IN, 300, InetAddress.getByName("192.0.2.10")));
        return List.of(
                TestDnstap.event(MessageType.CLIENT_QUERY).client("192.0.2.1", port).queryTime(T0).query(query).bytes(),
                TestDnstap.event(MessageType.CLIENT_RESPONSE).client("192.0.2.1", port).responseTime(T0.plusNanos(1_500_000))
                        .response(response).bytes());
    }
}
