package io.databroker.ingest.dns.receive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.Type;

import io.databroker.ingest.dns.TestDnstap;
import io.databroker.ingest.dns.dnstap.MessageType;
import io.databroker.ingest.dns.framestream.FrameStreamWriter;
import io.databroker.ingest.dns.ingest.DropReason;
import io.databroker.testsupport.Await;

/**
 * When Kafka does not acknowledge, ingest-dns stops reading from the sender instead of buffering: the sender's socket
 * stops accepting bytes; once acknowledgements flow again, everything the sender wrote is published.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BackpressureIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_IN_FLIGHT = 10;
    private static final int FRAMES = 8_000;

    @Test
    void aStalledKafkaStopsReadingFromTheSenderAndEverythingIsPublishedOnceItRecovers() throws Exception {
        try (IngestHarness harness = IngestHarness.start(IngestHarness.Options.defaults().withoutPairing()
                .maxInFlight(MAX_IN_FLIGHT));
             TestSender sender = TestSender.connect(harness.tcpPort()).handshake()) {
            ByteBuffer stream = ByteBuffer.wrap(frames());
            harness.producer().closeGate();
            SocketChannel channel = sender.channel;
            channel.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
            channel.configureBlocking(false);

            // Keep writing without blocking until the reading thread is stuck handing a record to Kafka ...
            Await.untilValue(TIMEOUT, "the receiver to block on Kafka", () -> {
                pump(channel, stream);
                return "in flight " + harness.publisher.inFlight() + ", received " + (long) harness.metrics.receivedCount()
                        + ", published " + (long) harness.metrics.publishedCount()
                        + ", failed " + (long) harness.metrics.droppedCount(DropReason.PUBLISH_FAILED);
            }, state -> state.equals("in flight " + MAX_IN_FLIGHT + ", received " + (MAX_IN_FLIGHT + 1) + ", published 0, failed 0"));
            // ... then until the sender's socket takes no more bytes: that is the backpressure the sender feels.
            Await.until(TIMEOUT, "the sender's socket to stop accepting bytes", () -> pump(channel, stream) == 0);
            assertThat(stream.remaining()).as("bytes the sender could not write").isPositive();
            assertThat(harness.metrics.receivedCount()).as("nothing read, nothing buffered while Kafka refuses")
                    .isEqualTo(MAX_IN_FLIGHT + 1);
            assertThat(harness.metrics.publishedCount()).isZero();
            assertThat(harness.metrics.droppedCount(DropReason.PUBLISH_FAILED)).isZero();

            harness.producer().openGate();
            channel.configureBlocking(true);
            while (stream.hasRemaining()) {
                channel.write(stream);
            }
            sender.stopAndAwaitFinish();

            assertThat(harness.awaitRecords(FRAMES, TIMEOUT)).hasSize(FRAMES);
            assertThat(harness.publisher.healthy()).isTrue();
        }
    }

    /** Writes what the socket takes now; returns the byte count. */
    private static int pump(SocketChannel channel, ByteBuffer stream) {
        try {
            return channel.write(stream);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Frames of about 300 bytes (long query names), 2.4 MB in all: enough to fill the socket buffers several times over. */
    private static byte[] frames() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameStreamWriter writer = new FrameStreamWriter(out);
        String label = "a".repeat(60);
        Instant t = Instant.parse("2026-11-21T10:00:00Z");
        for (int i = 0; i < FRAMES; i++) {
            String name = String.join(".", List.of(label, label, label)) + ".n" + i + ".test.";
            writer.writeData(TestDnstap.event(MessageType.CLIENT_QUERY).client("192.0.2.1", 1000 + i % 50000).queryTime(t)
                    .query(TestDnstap.query(i & 0xffff, name, Type.A)).bytes());
        }
        writer.flush();
        return out.toByteArray();
    }
}
