package io.databroker.ingest.dns.framestream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class FrameStreamReceiverTest {

    private static final String DNSTAP = "protobuf:dnstap.Dnstap";

    private final FrameStreamReceiver receiver = new FrameStreamReceiver(DNSTAP);
    private final List<byte[]> received = new ArrayList<>();
    private final List<Long> oversized = new ArrayList<>();
    private final FrameStreamReceiver.Listener listener = new FrameStreamReceiver.Listener() {
        @Override
        public void data(byte[] payload) {
            received.add(payload);
        }

        @Override
        public void oversized(long length) {
            oversized.add(length);
        }
    };

    @Test
    void bidirectionalHandshakeAcceptsDnstapAndAnswersStopWithFinish() throws Exception {
        byte[] input = stream(
                new Frame.Control(ControlFrameType.READY, List.of("protobuf:other.Type", DNSTAP)),
                Frame.Control.of(ControlFrameType.START, DNSTAP),
                new Frame.Data(new byte[] {1}), new Frame.Data(new byte[] {2}),
                Frame.Control.of(ControlFrameType.STOP));
        ByteArrayOutputStream replies = new ByteArrayOutputStream();

        FrameStreamReceiver.End end = receiver.receive(reader(input), new FrameStreamWriter(replies), listener);

        assertThat(end).isEqualTo(FrameStreamReceiver.End.STOPPED);
        assertThat(received).extracting(b -> b[0]).containsExactly((byte) 1, (byte) 2);
        FrameStreamReader answers = reader(replies.toByteArray());
        assertThat(answers.next()).as("ACCEPT names the matching type only").isEqualTo(Frame.Control.of(ControlFrameType.ACCEPT, DNSTAP));
        assertThat(answers.next()).isEqualTo(Frame.Control.of(ControlFrameType.FINISH));
        assertThat(answers.next()).isNull();
    }

    @Test
    void unidirectionalStreamNeedsNoReplies() throws Exception {
        byte[] input = stream(Frame.Control.of(ControlFrameType.START, DNSTAP), new Frame.Data(new byte[] {9}),
                Frame.Control.of(ControlFrameType.STOP));
        ByteArrayOutputStream replies = new ByteArrayOutputStream();

        assertThat(receiver.receive(reader(input), new FrameStreamWriter(replies), listener)).isEqualTo(FrameStreamReceiver.End.STOPPED);
        assertThat(received).hasSize(1);
        assertThat(replies.size()).as("a unidirectional sender is never answered").isZero();
    }

    @Test
    void stopWithoutFinishIsFineWhenTheSenderHasAlreadyGone() throws Exception {
        byte[] input = stream(Frame.Control.of(ControlFrameType.READY, DNSTAP), Frame.Control.of(ControlFrameType.START, DNSTAP),
                new Frame.Data(new byte[] {5}), Frame.Control.of(ControlFrameType.STOP));
        // The ACCEPT goes through; the FINISH hits a socket the sender has already closed.
        OutputStream closingAfterAccept = new OutputStream() {
            private int flushes;

            @Override
            public void write(int b) {
            }

            @Override
            public void flush() throws IOException {
                if (++flushes > 1) {
                    throw new IOException("Broken pipe");
                }
            }
        };

        assertThat(receiver.receive(reader(input), new FrameStreamWriter(closingAfterAccept), listener))
                .isEqualTo(FrameStreamReceiver.End.STOPPED);
        assertThat(received).hasSize(1);
    }

    @Test
    void endOfStreamBeforeStopDeliversWhatCame() throws Exception {
        byte[] input = stream(Frame.Control.of(ControlFrameType.START, DNSTAP), new Frame.Data(new byte[] {1}));

        assertThat(receiver.receive(reader(input), null, listener)).isEqualTo(FrameStreamReceiver.End.CLOSED_WITHOUT_STOP);
        assertThat(received).hasSize(1);
    }

    @Test
    void refusesASenderThatOffersNoDnstap() {
        byte[] input = stream(Frame.Control.of(ControlFrameType.READY, "protobuf:other.Type"));

        assertThatThrownBy(() -> receiver.receive(reader(input), new FrameStreamWriter(new ByteArrayOutputStream()), listener))
                .isInstanceOf(UnsupportedContentTypeException.class).hasMessageContaining("protobuf:other.Type");
    }

    @Test
    void refusesAFileThatStartsAnotherContentType() {
        byte[] input = stream(Frame.Control.of(ControlFrameType.START, "text/plain"));

        assertThatThrownBy(() -> receiver.receive(reader(input), null, listener)).isInstanceOf(UnsupportedContentTypeException.class);
    }

    @Test
    void dataBeforeStartIsAProtocolError() {
        byte[] input = stream(new Frame.Data(new byte[] {1}));

        assertThatThrownBy(() -> receiver.receive(reader(input), null, listener))
                .isInstanceOf(FrameStreamException.class).hasMessageContaining("expected READY or START");
    }

    @Test
    void anOversizedFrameBeforeStartIsAProtocolErrorWithoutWaitingForItsBytes() {
        // Only the length word arrives: skipping would wait for 5000 more bytes that never come.
        byte[] input = java.nio.ByteBuffer.allocate(4).putInt(5000).array();

        assertThatThrownBy(() -> receiver.receive(new FrameStreamReader(new ByteArrayInputStream(input), 1000), null, listener))
                .isInstanceOf(FrameStreamException.class).hasMessageContaining("oversized");
    }

    @Test
    void readyInAFileIsAProtocolError() {
        byte[] input = stream(Frame.Control.of(ControlFrameType.READY, DNSTAP));

        assertThatThrownBy(() -> receiver.receive(reader(input), null, listener)).isInstanceOf(FrameStreamException.class);
    }

    @Test
    void aSecondStartIsAProtocolError() {
        byte[] input = stream(Frame.Control.of(ControlFrameType.START, DNSTAP), Frame.Control.of(ControlFrameType.START, DNSTAP));

        assertThatThrownBy(() -> receiver.receive(reader(input), null, listener))
                .isInstanceOf(FrameStreamException.class).hasMessageContaining("between START and STOP");
    }

    @Test
    void passesOversizedFramesOnAndKeepsReading() throws Exception {
        byte[] input = stream(Frame.Control.of(ControlFrameType.START, DNSTAP), new Frame.Data(new byte[2000]),
                new Frame.Data(new byte[] {3}), Frame.Control.of(ControlFrameType.STOP));

        receiver.receive(new FrameStreamReader(new ByteArrayInputStream(input), 1000), null, listener);

        assertThat(oversized).containsExactly(2000L);
        assertThat(received).hasSize(1);
    }

    private static FrameStreamReader reader(byte[] bytes) {
        return new FrameStreamReader(new ByteArrayInputStream(bytes), 1 << 20);
    }

    private static byte[] stream(Frame... frames) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            FrameStreamWriter writer = new FrameStreamWriter(out);
            for (Frame frame : frames) {
                if (frame instanceof Frame.Control control) {
                    writer.writeControl(control);
                } else {
                    writer.writeData(((Frame.Data) frame).payload());
                }
            }
            writer.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
