package io.databroker.ingest.dns.framestream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.databroker.ingest.dns.TestDnstap;

class FrameStreamReaderTest {

    private static final String DNSTAP = "protobuf:dnstap.Dnstap";

    @Test
    void readsTheFramesOfARealCaptureFile() throws IOException {
        // dnsdist's capture: START(dnstap), a query, a response, STOP.
        FrameStreamReader reader = reader(TestDnstap.resource("dnsdist-www.google.com.fstrm"), 1 << 20);

        assertThat(reader.next()).isEqualTo(Frame.Control.of(ControlFrameType.START, DNSTAP));
        assertThat(reader.next()).isInstanceOfSatisfying(Frame.Data.class, d -> assertThat(d.payload()).hasSize(111));
        assertThat(reader.next()).isInstanceOfSatisfying(Frame.Data.class, d -> assertThat(d.payload()).hasSize(115));
        assertThat(reader.next()).isEqualTo(Frame.Control.of(ControlFrameType.STOP));
        assertThat(reader.next()).as("clean end of stream").isNull();
    }

    @Test
    void writerAndReaderAgreeOnEveryControlFrame() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameStreamWriter writer = new FrameStreamWriter(out);
        Frame.Control ready = new Frame.Control(ControlFrameType.READY, java.util.List.of("text/plain", DNSTAP));
        writer.writeControl(ready);
        writer.writeControl(Frame.Control.of(ControlFrameType.ACCEPT, DNSTAP));
        writer.writeData(new byte[] {1, 2, 3});
        writer.writeControl(Frame.Control.of(ControlFrameType.FINISH));
        writer.flush();

        FrameStreamReader reader = reader(out.toByteArray(), 100);
        assertThat(reader.next()).isEqualTo(ready);
        assertThat(reader.next()).isEqualTo(Frame.Control.of(ControlFrameType.ACCEPT, DNSTAP));
        assertThat(((Frame.Data) reader.next()).payload()).containsExactly(1, 2, 3);
        assertThat(reader.next()).isEqualTo(Frame.Control.of(ControlFrameType.FINISH));
        assertThat(reader.next()).isNull();
    }

    @Test
    void skipsAnOversizedDataFrameAndKeepsTheFraming() throws IOException {
        byte[] big = new byte[50_000];
        Arrays.fill(big, (byte) 7);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameStreamWriter writer = new FrameStreamWriter(out);
        writer.writeData(big);
        writer.writeData(new byte[] {42});
        writer.flush();

        FrameStreamReader reader = reader(out.toByteArray(), 1024);
        Frame.Oversized oversized = (Frame.Oversized) reader.next();
        assertThat(oversized.length()).isEqualTo(50_000);
        reader.skip(oversized);
        assertThat(((Frame.Data) reader.next()).payload()).containsExactly(42);
    }

    @Test
    void anImplausibleFrameLengthIsAProtocolErrorNotSomethingToWaitFor() {
        // "GET " read as a length word: 1.2 GB.
        FrameStreamReader reader = reader("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII), 1024);
        assertThatThrownBy(reader::next).isInstanceOf(FrameStreamException.class).hasMessageContaining("not plausible");
    }

    @Test
    void endInsideTheLengthWordIsATruncatedFrame() {
        FrameStreamReader reader = reader(new byte[] {0, 0}, 100);
        assertThatThrownBy(reader::next).isInstanceOf(TruncatedFrameException.class);
    }

    @Test
    void endInsideADataFrameIsATruncatedFrame() {
        byte[] cut = ByteBuffer.allocate(4 + 10).putInt(100).put(new byte[10]).array();
        assertThatThrownBy(reader(cut, 1000)::next).isInstanceOf(TruncatedFrameException.class)
                .hasMessageContaining("100 bytes");
    }

    @Test
    void theRealTruncatedCaptureYieldsItsWholeFramesThenReportsTheCut() throws IOException {
        FrameStreamReader reader = reader(TestDnstap.resource("resolver-5.4.2-real-traffic-truncated.dnstap"), 1 << 20);
        int frames = 0;
        try {
            for (Frame f = reader.next(); f != null; f = reader.next()) {
                frames++;
            }
        } catch (TruncatedFrameException expected) {
            assertThat(frames).isGreaterThan(10);
            return;
        }
        throw new AssertionError("the file is cut inside a frame, but the reader reached a clean end after " + frames + " frames");
    }

    @Test
    void rejectsAnUnknownControlFrameType() {
        byte[] bytes = ByteBuffer.allocate(12).putInt(0).putInt(4).putInt(0x77).array();
        assertThatThrownBy(reader(bytes, 100)::next).isInstanceOf(FrameStreamException.class).hasMessageContaining("0x77");
    }

    @Test
    void rejectsAControlFrameLongerThanFstrmAllows() {
        byte[] bytes = ByteBuffer.allocate(8).putInt(0).putInt(4096).array();
        assertThatThrownBy(reader(bytes, 100)::next).isInstanceOf(FrameStreamException.class).hasMessageContaining("4096");
    }

    @Test
    void rejectsAContentTypeFieldThatOverrunsItsControlFrame() {
        byte[] type = DNSTAP.getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = ByteBuffer.allocate(8 + 12 + type.length).putInt(0).putInt(12 + type.length)
                .putInt(ControlFrameType.START.code()).putInt(1).putInt(type.length + 5).put(type).array();
        assertThatThrownBy(reader(bytes, 100)::next).isInstanceOf(FrameStreamException.class).hasMessageContaining("overruns");
    }

    private static FrameStreamReader reader(byte[] bytes, long max) {
        return new FrameStreamReader(new ByteArrayInputStream(bytes), max);
    }
}
