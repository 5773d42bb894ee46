package io.databroker.ingest.dns.framestream;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads frames from a Frame Streams byte stream (fstrm, https://github.com/farsightsec/fstrm, {@code fstrm/control.h}).
 *
 * <p>Every frame starts with a 32-bit big-endian length. A non-zero length is a data frame of that many bytes. A zero
 * length is an escape: a 32-bit control-frame length follows, then the control frame: a 32-bit type and zero or more
 * fields, each a 32-bit field type, a 32-bit length and that many bytes ({@code CONTENT_TYPE} = 0x01). Not thread-safe.
 */
public final class FrameStreamReader {

    /** fstrm's {@code FSTRM_CONTROL_FRAME_LENGTH_MAX}: a longer control frame is a protocol error. */
    public static final int MAX_CONTROL_FRAME_LENGTH = 512;
    /** fstrm's {@code FSTRM_CONTENT_TYPE_LENGTH_MAX}. */
    public static final int MAX_CONTENT_TYPE_LENGTH = 256;
    /** Longer data frames are not skipped but treated as a protocol error: no dnstap sender writes 64 MiB frames. */
    public static final long MAX_SKIPPABLE_FRAME_LENGTH = 64L * 1024 * 1024;
    static final int FIELD_CONTENT_TYPE = 0x01;

    private final DataInputStream in;
    private final long maxDataFrameLength;
    private final byte[] skipBuffer = new byte[8192];

    /**
     * @param in                 the stream, ideally buffered
     * @param maxDataFrameLength data frames longer than this are reported as {@link Frame.Oversized}, unread
     */
    public FrameStreamReader(InputStream in, long maxDataFrameLength) {
        this.in = new DataInputStream(in);
        this.maxDataFrameLength = maxDataFrameLength;
    }

    /**
     * The next frame, or null when the stream ended cleanly at a frame boundary.
     *
     * @throws TruncatedFrameException when the stream ends inside a frame
     * @throws FrameStreamException    when a control frame is malformed
     * @throws IOException             when reading fails
     */
    public Frame next() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        long length = Integer.toUnsignedLong((first << 24) | readUnsignedBytes(3, "frame length"));
        if (length != 0) {
            if (length > maxDataFrameLength) {
                if (length > MAX_SKIPPABLE_FRAME_LENGTH) {
                    // No sender writes such a frame; these are bytes of something else (an HTTP request, say).
                    throw new FrameStreamException("frame length " + length + " is not plausible");
                }
                return new Frame.Oversized(length);
            }
            byte[] payload = new byte[(int) length];
            readFully(payload, "data frame of " + length + " bytes");
            return new Frame.Data(payload);
        }
        long controlLength = Integer.toUnsignedLong(readUnsignedBytes(4, "control frame length"));
        if (controlLength < 4 || controlLength > MAX_CONTROL_FRAME_LENGTH) {
            throw new FrameStreamException("control frame length " + controlLength + " outside 4.." + MAX_CONTROL_FRAME_LENGTH);
        }
        byte[] control = new byte[(int) controlLength];
        readFully(control, "control frame of " + controlLength + " bytes");
        return parseControl(control);
    }

    static Frame.Control parseControl(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int code = buffer.getInt();
        ControlFrameType type = ControlFrameType.ofCode(code);
        if (type == null) {
            throw new FrameStreamException("unknown control frame type 0x" + Integer.toHexString(code));
        }
        List<String> contentTypes = new ArrayList<>(1);
        while (buffer.hasRemaining()) {
            if (buffer.remaining() < 8) {
                throw new FrameStreamException(type + " control frame has " + buffer.remaining() + " trailing bytes");
            }
            int fieldType = buffer.getInt();
            long fieldLength = Integer.toUnsignedLong(buffer.getInt());
            if (fieldLength > buffer.remaining()) {
                throw new FrameStreamException(type + " control field of " + fieldLength + " bytes overruns the frame");
            }
            byte[] value = new byte[(int) fieldLength];
            buffer.get(value);
            // Unknown field types are skipped: fstrm reserves them for later versions.
            if (fieldType == FIELD_CONTENT_TYPE) {
                if (fieldLength > MAX_CONTENT_TYPE_LENGTH) {
                    throw new FrameStreamException("content type of " + fieldLength + " bytes is longer than " + MAX_CONTENT_TYPE_LENGTH);
                }
                contentTypes.add(new String(value, StandardCharsets.UTF_8));
            }
        }
        return new Frame.Control(type, contentTypes);
    }

    private int readUnsignedBytes(int count, String what) throws IOException {
        int value = 0;
        for (int i = 0; i < count; i++) {
            int b = in.read();
            if (b < 0) {
                throw new TruncatedFrameException("stream ended inside the " + what);
            }
            value = (value << 8) | b;
        }
        return value;
    }

    private void readFully(byte[] target, String what) throws IOException {
        try {
            in.readFully(target);
        } catch (EOFException e) {
            throw new TruncatedFrameException("stream ended inside a " + what);
        }
    }

    /**
     * Skips the payload of the {@link Frame.Oversized} frame just returned. Left to the caller, because skipping is
     * only sensible inside a started stream: before START an oversized frame means the peer is not speaking
     * Frame Streams, and waiting for its bytes would hang.
     */
    public void skip(Frame.Oversized frame) throws IOException {
        skip(frame.length());
    }

    private void skip(long length) throws IOException {
        long remaining = length;
        while (remaining > 0) {
            int n = in.read(skipBuffer, 0, (int) Math.min(skipBuffer.length, remaining));
            if (n < 0) {
                throw new TruncatedFrameException("stream ended inside an oversized data frame of " + length + " bytes");
            }
            remaining -= n;
        }
    }
}
