package io.databroker.ingest.dns.framestream;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes Frame Streams frames (the layout {@link FrameStreamReader} reads): the receiver's ACCEPT and FINISH replies,
 * and, for capture files and test senders, whole streams. Not thread-safe; call {@link #flush()} to send.
 */
public final class FrameStreamWriter {

    private final DataOutputStream out;

    public FrameStreamWriter(OutputStream out) {
        this.out = new DataOutputStream(out);
    }

    public void writeData(byte[] payload) throws IOException {
        if (payload.length == 0) {
            throw new IllegalArgumentException("a data frame cannot be empty: length 0 is the control escape");
        }
        out.writeInt(payload.length);
        out.write(payload);
    }

    public void writeControl(Frame.Control frame) throws IOException {
        out.writeInt(0);
        out.write(encodeControl(frame));
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** The control frame with its own length word: {@code <length><type>[<CONTENT_TYPE><length><bytes>]…}. */
    static byte[] encodeControl(Frame.Control frame) {
        int length = 4;
        byte[][] types = new byte[frame.contentTypes().size()][];
        for (int i = 0; i < types.length; i++) {
            types[i] = frame.contentTypes().get(i).getBytes(StandardCharsets.UTF_8);
            length += 8 + types[i].length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(4 + length);
        buffer.putInt(length).putInt(frame.type().code());
        for (byte[] type : types) {
            buffer.putInt(FrameStreamReader.FIELD_CONTENT_TYPE).putInt(type.length).put(type);
        }
        return buffer.array();
    }
}
