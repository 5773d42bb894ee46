package io.databroker.launcher.replay;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The top-level fields of one protobuf message, each with its exact bytes, so that a message can be written back
 * unchanged except for the fields one replaces (protobuf encoding: https://protobuf.dev/programming-guides/encoding/).
 * Enough to re-time dnstap messages without generated classes.
 */
final class ProtobufFields {

    static final int VARINT = 0;
    static final int I64 = 1;
    static final int LEN = 2;
    static final int I32 = 5;

    /**
     * One field.
     *
     * @param number   field number
     * @param wireType {@link #VARINT}, {@link #I64}, {@link #LEN} or {@link #I32}
     * @param varint   the value of a VARINT field (0 for the others)
     * @param payload  the bytes of a LEN field (empty for the others)
     * @param encoded  the field as it was on the wire, tag included
     */
    record Field(int number, int wireType, long varint, byte[] payload, byte[] encoded) {
    }

    private ProtobufFields() {
    }

    /** Splits {@code message} into its fields; a message that does not parse is a {@link MalformedMessageException}. */
    static List<Field> parse(byte[] message) {
        List<Field> fields = new ArrayList<>();
        int[] at = {0};
        while (at[0] < message.length) {
            int start = at[0];
            long tag = readVarint(message, at);
            int number = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            long varint = 0;
            byte[] payload = new byte[0];
            switch (wireType) {
                case VARINT -> varint = readVarint(message, at);
                case I64 -> skip(message, at, 8);
                case I32 -> skip(message, at, 4);
                case LEN -> {
                    long length = readVarint(message, at);
                    if (length > message.length - at[0]) {
                        throw new MalformedMessageException("field " + number + " is longer than the message");
                    }
                    payload = Arrays.copyOfRange(message, at[0], at[0] + (int) length);
                    at[0] += (int) length;
                }
                default -> throw new MalformedMessageException("unsupported wire type " + wireType + " of field " + number);
            }
            if (number == 0) {
                throw new MalformedMessageException("field number 0");
            }
            fields.add(new Field(number, wireType, varint, payload, Arrays.copyOfRange(message, start, at[0])));
        }
        return fields;
    }

    /** A VARINT field, encoded. */
    static byte[] varintField(int number, long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, ((long) number << 3) | VARINT);
        writeVarint(out, value);
        return out.toByteArray();
    }

    /** A LEN field (bytes, string or nested message), encoded. */
    static byte[] lenField(int number, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, ((long) number << 3) | LEN);
        writeVarint(out, payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** An I32 field (fixed32, little-endian), encoded. */
    static byte[] fixed32Field(int number, int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, ((long) number << 3) | I32);
        for (int i = 0; i < 4; i++) {
            out.write(value >>> (8 * i));
        }
        return out.toByteArray();
    }

    private static long readVarint(byte[] bytes, int[] at) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at[0] >= bytes.length) {
                throw new MalformedMessageException("message ends inside a varint");
            }
            byte b = bytes[at[0]++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new MalformedMessageException("varint longer than 10 bytes");
    }

    private static void skip(byte[] bytes, int[] at, int count) {
        if (count > bytes.length - at[0]) {
            throw new MalformedMessageException("message ends inside a fixed-size field");
        }
        at[0] += count;
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        long rest = value;
        while ((rest & ~0x7fL) != 0) {
            out.write((int) ((rest & 0x7f) | 0x80));
            rest >>>= 7;
        }
        out.write((int) rest);
    }

    /** Bytes that are not a protobuf message. */
    static final class MalformedMessageException extends IllegalArgumentException {
        MalformedMessageException(String message) {
            super(message);
        }
    }
}
