package io.databroker.launcher.replay;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A unidirectional Frame Streams file, as {@code dnstap -w}, {@code fstrm_capture} and BIND's {@code dnstap-output
 * file} write them: a START control frame naming the content type, data frames (big-endian length, then the
 * payload), a STOP control frame. A control frame is escaped by a zero length, then its own length and type
 * (Frame Streams: START = 2, STOP = 3; field CONTENT_TYPE = 1).
 *
 * @param contentType the START frame's content type, e.g. {@code protobuf:dnstap.Dnstap}
 * @param frames      the data frames' payloads, in file order
 */
record FrameStreamsFile(String contentType, List<byte[]> frames) {

    private static final int CONTROL_START = 2;
    private static final int CONTROL_STOP = 3;
    private static final int FIELD_CONTENT_TYPE = 1;

    /**
     * Reads a capture. A file cut inside a frame (an interrupted capture) keeps the whole frames before the cut; a file
     * that does not start with a START frame is an IllegalArgumentException.
     */
    static FrameStreamsFile parse(byte[] file) {
        ByteBuffer in = ByteBuffer.wrap(file);
        if (in.remaining() < 8 || in.getInt() != 0) {
            throw new IllegalArgumentException("not a Frame Streams file: no START control frame");
        }
        String contentType = startContentType(control(in));
        List<byte[]> frames = new ArrayList<>();
        while (in.remaining() >= 4) {
            int length = in.getInt();
            if (length == 0) {
                if (in.remaining() < 4) {
                    break;
                }
                ByteBuffer control = control(in);
                if (control == null || control.getInt() == CONTROL_STOP) {
                    break;
                }
                continue;
            }
            if (length < 0 || length > in.remaining()) {
                break;
            }
            byte[] payload = new byte[length];
            in.get(payload);
            frames.add(payload);
        }
        return new FrameStreamsFile(contentType, List.copyOf(frames));
    }

    /** The file: START with the content type, the data frames, STOP. */
    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            byte[] type = contentType.getBytes(StandardCharsets.US_ASCII);
            out.writeInt(0);
            out.writeInt(4 + 4 + 4 + type.length);
            out.writeInt(CONTROL_START);
            out.writeInt(FIELD_CONTENT_TYPE);
            out.writeInt(type.length);
            out.write(type);
            for (byte[] frame : frames) {
                out.writeInt(frame.length);
                out.write(frame);
            }
            out.writeInt(0);
            out.writeInt(4);
            out.writeInt(CONTROL_STOP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The control frame after an escape, or null when the file ends inside it. */
    private static ByteBuffer control(ByteBuffer in) {
        int length = in.getInt();
        if (length < 4 || length > in.remaining()) {
            return null;
        }
        ByteBuffer control = in.slice(in.position(), length);
        in.position(in.position() + length);
        return control;
    }

    private static String startContentType(ByteBuffer control) {
        if (control == null || control.getInt() != CONTROL_START) {
            throw new IllegalArgumentException("not a Frame Streams file: the first control frame is not START");
        }
        while (control.remaining() >= 8) {
            int field = control.getInt();
            int length = control.getInt();
            if (length < 0 || length > control.remaining()) {
                break;
            }
            byte[] value = new byte[length];
            control.get(value);
            if (field == FIELD_CONTENT_TYPE) {
                return new String(value, StandardCharsets.US_ASCII);
            }
        }
        return "";
    }
}
