package io.databroker.ingest.dns.receive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.ingest.dns.framestream.FrameStreamException;
import io.databroker.ingest.dns.framestream.FrameStreamReader;
import io.databroker.ingest.dns.framestream.FrameStreamReceiver;
import io.databroker.ingest.dns.framestream.TruncatedFrameException;
import io.databroker.ingest.dns.framestream.UnsupportedContentTypeException;
import io.databroker.ingest.dns.ingest.DnstapIngest;
import io.databroker.ingest.dns.ingest.DropReason;

/**
 * Replays dnstap capture files ({@code .fstrm} / {@code .dnstap}: unidirectional Frame Streams, START … STOP, as
 * {@code dnstap -w}, BIND's {@code dnstap-output file} and {@code fstrm_capture} write them) through the same path as
 * live senders, for backfill. A file cut inside a frame (a capture interrupted mid-write) delivers every whole frame
 * before the cut.
 */
public final class CaptureFileReplayer {

    /** What one replay found. */
    public enum Outcome {
        /** START … STOP, or a file that ends cleanly between frames. */
        COMPLETE,
        /** The file ends inside a frame. */
        TRUNCATED,
        /** Not a dnstap Frame Streams file (at some point). */
        INVALID
    }

    private static final Logger log = LoggerFactory.getLogger(CaptureFileReplayer.class);

    private final DnstapIngest ingest;
    private final long maxFrameSize;
    private final FrameStreamReceiver receiver = new FrameStreamReceiver(DnstapReceiver.DNSTAP_CONTENT_TYPE);

    public CaptureFileReplayer(DnstapIngest ingest, long maxFrameSize) {
        this.ingest = ingest;
        this.maxFrameSize = maxFrameSize;
    }

    /** Reads the whole file into the ingest (blocking on Kafka as live senders do). */
    public Outcome replay(Path file) throws IOException, InterruptedException {
        String origin = "file " + file.getFileName();
        long[] frames = {0};
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 256 * 1024)) {
            receiver.receive(new FrameStreamReader(in, maxFrameSize), null, new FrameStreamReceiver.Listener() {
                @Override
                public void data(byte[] payload) throws InterruptedException {
                    frames[0]++;
                    ingest.frame(payload, origin);
                }

                @Override
                public void oversized(long length) {
                    ingest.drop(DropReason.OVERSIZED_FRAME, origin, "data frame of " + length + " bytes skipped");
                }
            });
            log.info("replayed {} data frames from {}", frames[0], file);
            return Outcome.COMPLETE;
        } catch (TruncatedFrameException e) {
            ingest.drop(DropReason.TRUNCATED_FRAME, origin, e.getMessage());
            log.info("replayed {} data frames from {}, which ends inside a frame", frames[0], file);
            return Outcome.TRUNCATED;
        } catch (UnsupportedContentTypeException e) {
            ingest.drop(DropReason.UNSUPPORTED_CONTENT_TYPE, origin, e.getMessage());
            return Outcome.INVALID;
        } catch (FrameStreamException e) {
            ingest.drop(DropReason.PROTOCOL_ERROR, origin, e.getMessage() + " after " + frames[0] + " data frames");
            return Outcome.INVALID;
        }
    }
}
