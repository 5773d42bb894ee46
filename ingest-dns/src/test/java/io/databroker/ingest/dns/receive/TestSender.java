package io.databroker.ingest.dns.receive;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.List;

import io.databroker.ingest.dns.framestream.ControlFrameType;
import io.databroker.ingest.dns.framestream.Frame;
import io.databroker.ingest.dns.framestream.FrameStreamReader;
import io.databroker.ingest.dns.framestream.FrameStreamWriter;

/** A dnstap sender over TCP speaking bidirectional Frame Streams as fstrm's TCP writer does, with hooks to misbehave. */
final class TestSender implements AutoCloseable {

    final SocketChannel channel;
    private final OutputStream rawOut;
    private final FrameStreamWriter writer;
    private final FrameStreamReader reader;

    private TestSender(SocketChannel channel) {
        this.channel = channel;
        this.rawOut = new BufferedOutputStream(Channels.newOutputStream(channel));
        this.writer = new FrameStreamWriter(rawOut);
        InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
        this.reader = new FrameStreamReader(in, 1 << 20);
    }

    static TestSender connect(int port) throws IOException {
        return new TestSender(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
    }

    /** READY → expects ACCEPT(dnstap) → START. */
    TestSender handshake() throws IOException {
        writer.writeControl(Frame.Control.of(ControlFrameType.READY, DnstapReceiver.DNSTAP_CONTENT_TYPE));
        writer.flush();
        Frame accept = reader.next();
        if (!Frame.Control.of(ControlFrameType.ACCEPT, DnstapReceiver.DNSTAP_CONTENT_TYPE).equals(accept)) {
            throw new IOException("expected ACCEPT(dnstap), got " + accept);
        }
        writer.writeControl(Frame.Control.of(ControlFrameType.START, DnstapReceiver.DNSTAP_CONTENT_TYPE));
        writer.flush();
        return this;
    }

    TestSender send(List<byte[]> frames) throws IOException {
        for (byte[] frame : frames) {
            writer.writeData(frame);
        }
        writer.flush();
        return this;
    }

    TestSender sendRaw(byte[] bytes) throws IOException {
        rawOut.write(bytes);
        rawOut.flush();
        return this;
    }

    void stop() throws IOException {
        writer.writeControl(Frame.Control.of(ControlFrameType.STOP));
        writer.flush();
    }

    /** STOP, then waits for FINISH as a well-behaved sender does. */
    Frame stopAndAwaitFinish() throws IOException {
        stop();
        return reader.next();
    }

    /** Reads from the receiver: null once it has closed the connection. */
    Frame next() throws IOException {
        return reader.next();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
