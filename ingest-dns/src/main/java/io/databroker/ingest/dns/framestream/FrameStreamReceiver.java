package io.databroker.ingest.dns.framestream;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving end of one Frame Streams stream, in either mode of the fstrm protocol:
 * <ul>
 *   <li>bidirectional (sockets): sender READY(content types) → receiver ACCEPT(the matching type) → sender START →
 *   data frames → sender STOP → receiver FINISH;</li>
 *   <li>unidirectional (capture files, and senders configured that way): START → data frames → STOP.</li>
 * </ul>
 * The mode is told by the first frame. A stream that ends at a frame boundary without STOP (a sender that went
 * away, a capture file cut between frames) is not an error: everything it carried was delivered.
 */
public final class FrameStreamReceiver {

    /** How a stream ended without a protocol error. */
    public enum End {
        /** The sender sent STOP (and, bidirectionally, was answered with FINISH). */
        STOPPED,
        /** The stream ended at a frame boundary before STOP. */
        CLOSED_WITHOUT_STOP
    }

    /** Gets the data of the stream, in order, on the reading thread; may block to push back on the sender. */
    public interface Listener {

        void data(byte[] payload) throws InterruptedException;

        void oversized(long length);
    }

    private static final Logger log = LoggerFactory.getLogger(FrameStreamReceiver.class);

    private final String contentType;

    /** @param contentType the one content type this receiver reads, e.g. {@code protobuf:dnstap.Dnstap} */
    public FrameStreamReceiver(String contentType) {
        this.contentType = contentType;
    }

    /**
     * Reads the stream to its end, handing each data frame to {@code listener}.
     *
     * @param replies where ACCEPT and FINISH go; null for a stream that cannot answer (a file), where READY is an error
     * @throws FrameStreamException    on a protocol violation (the stream must be abandoned)
     * @throws TruncatedFrameException when the stream ends inside a frame
     */
    public End receive(FrameStreamReader reader, FrameStreamWriter replies, Listener listener)
            throws IOException, InterruptedException {
        Frame frame = reader.next();
        if (frame == null) {
            return End.CLOSED_WITHOUT_STOP;
        }
        boolean bidirectional = false;
        if (frame instanceof Frame.Control ready && ready.type() == ControlFrameType.READY) {
            if (replies == null) {
                throw new FrameStreamException("READY in a unidirectional stream");
            }
            // fstrm senders list what they can send; an empty list is accepted as "the receiver's type".
            if (!ready.contentTypes().isEmpty() && !ready.contentTypes().contains(contentType)) {
                throw new UnsupportedContentTypeException(ready.contentTypes(), contentType);
            }
            replies.writeControl(Frame.Control.of(ControlFrameType.ACCEPT, contentType));
            replies.flush();
            bidirectional = true;
            frame = reader.next();
            if (frame == null) {
                return End.CLOSED_WITHOUT_STOP;
            }
        }
        if (!(frame instanceof Frame.Control start) || start.type() != ControlFrameType.START) {
            throw new FrameStreamException("expected " + (bidirectional ? "START" : "READY or START") + ", got " + describe(frame));
        }
        if (!start.contentTypes().isEmpty() && !start.contentTypes().contains(contentType)) {
            throw new UnsupportedContentTypeException(start.contentTypes(), contentType);
        }
        while (true) {
            frame = reader.next();
            if (frame == null) {
                return End.CLOSED_WITHOUT_STOP;
            }
            if (frame instanceof Frame.Data data) {
                listener.data(data.payload());
            } else if (frame instanceof Frame.Oversized oversized) {
                reader.skip(oversized);
                listener.oversized(oversized.length());
            } else if (frame instanceof Frame.Control control && control.type() == ControlFrameType.STOP) {
                if (bidirectional) {
                    finish(replies);
                }
                return End.STOPPED;
            } else {
                throw new FrameStreamException("unexpected " + describe(frame) + " between START and STOP");
            }
        }
    }

    private static void finish(FrameStreamWriter replies) {
        try {
            replies.writeControl(Frame.Control.of(ControlFrameType.FINISH));
            replies.flush();
        } catch (IOException e) {
            // A sender may close right after STOP without waiting for FINISH; all its data has arrived already.
            log.debug("could not send FINISH; the sender had already gone: {}", e.toString());
        }
    }

    private static String describe(Frame frame) {
        if (frame instanceof Frame.Control control) {
            return control.type() + " control frame";
        }
        return frame instanceof Frame.Data data ? "a data frame of " + data.payload().length + " bytes" : "an oversized data frame";
    }
}
