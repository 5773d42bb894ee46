package io.databroker.ingest.dns.receive;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.ingest.dns.framestream.FrameStreamException;
import io.databroker.ingest.dns.framestream.FrameStreamReader;
import io.databroker.ingest.dns.framestream.FrameStreamReceiver;
import io.databroker.ingest.dns.framestream.FrameStreamWriter;
import io.databroker.ingest.dns.framestream.TruncatedFrameException;
import io.databroker.ingest.dns.framestream.UnsupportedContentTypeException;
import io.databroker.ingest.dns.ingest.DnstapIngest;
import io.databroker.ingest.dns.ingest.DropReason;
import io.databroker.ingest.dns.ingest.IngestMetrics;

/**
 * One sender's connection, served on its own thread from accept to close: the Frame Streams handshake, then every
 * data frame into {@link DnstapIngest}. Reading happens only on this thread, so when the ingest blocks on Kafka,
 * nothing more is read from this socket.
 */
final class FrameStreamConnection implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(FrameStreamConnection.class);
    private static final int BUFFER_SIZE = 64 * 1024;

    private final SocketChannel channel;
    private final String origin;
    private final long maxFrameSize;
    private final FrameStreamReceiver receiver;
    private final DnstapIngest ingest;
    private final IngestMetrics metrics;
    private volatile boolean closing;

    FrameStreamConnection(SocketChannel channel, String origin, long maxFrameSize, FrameStreamReceiver receiver,
                          DnstapIngest ingest, IngestMetrics metrics) {
        this.channel = channel;
        this.origin = origin;
        this.maxFrameSize = maxFrameSize;
        this.receiver = receiver;
        this.ingest = ingest;
        this.metrics = metrics;
    }

    String origin() {
        return origin;
    }

    @Override
    public void run() {
        metrics.connectionOpened();
        log.info("dnstap sender connected: {}", origin);
        try {
            FrameStreamReader reader = new FrameStreamReader(
                    new BufferedInputStream(Channels.newInputStream(channel), BUFFER_SIZE), maxFrameSize);
            FrameStreamWriter writer = new FrameStreamWriter(new BufferedOutputStream(Channels.newOutputStream(channel), 256));
            FrameStreamReceiver.End end = receiver.receive(reader, writer, new FrameStreamReceiver.Listener() {
                @Override
                public void data(byte[] payload) throws InterruptedException {
                    ingest.frame(payload, origin);
                }

                @Override
                public void oversized(long length) {
                    ingest.drop(DropReason.OVERSIZED_FRAME, origin, "data frame of " + length + " bytes skipped");
                }
            });
            log.info("dnstap sender {} {}", origin, end == FrameStreamReceiver.End.STOPPED ? "stopped" : "disconnected without STOP");
        } catch (TruncatedFrameException e) {
            ingest.drop(DropReason.TRUNCATED_FRAME, origin, e.getMessage());
        } catch (UnsupportedContentTypeException e) {
            ingest.drop(DropReason.UNSUPPORTED_CONTENT_TYPE, origin, e.getMessage());
        } catch (FrameStreamException e) {
            ingest.drop(DropReason.PROTOCOL_ERROR, origin, e.getMessage() + "; closing the connection");
        } catch (IOException e) {
            if (!closing) {
                log.info("dnstap connection {} failed: {}", origin, e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
            metrics.connectionClosed();
        }
    }

    /** Closes the socket; a thread blocked reading it returns at once. */
    void close() {
        closing = true;
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing dnstap connection {} failed", origin, e);
        }
    }
}
