package io.databroker.launcher.replay;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import io.databroker.launcher.replay.ProtobufFields.Field;

/**
 * Moves the times of a dnstap capture so that its newest message happened at a given instant, keeping the spacing
 * between messages. A replay is a demonstration of now: a capture from last year would only reach the Delta tables,
 * since the hot store keeps ten days. Only {@code Message.query_time_sec} (8) and {@code response_time_sec} (12)
 * change; every other byte of every frame is kept (dnstap.proto field numbers).
 */
final class DnstapCaptureRetimer {

    static final String DNSTAP_CONTENT_TYPE = "protobuf:dnstap.Dnstap";

    private static final int DNSTAP_MESSAGE = 14;
    private static final int QUERY_TIME_SEC = 8;
    private static final int RESPONSE_TIME_SEC = 12;

    private DnstapCaptureRetimer() {
    }

    /**
     * The capture with its times shifted by whole seconds so that the newest one is {@code newest} (rounded down
     * to the second). A capture that is not dnstap Frame Streams, or has no times, is returned unchanged, for
     * ingest-dns to judge; so is a frame that is not a dnstap protobuf.
     */
    static byte[] retime(byte[] capture, Instant newest) {
        FrameStreamsFile file;
        try {
            file = FrameStreamsFile.parse(capture);
        } catch (IllegalArgumentException notFrameStreams) {
            return capture;
        }
        if (!file.contentType().equals(DNSTAP_CONTENT_TYPE)) {
            return capture;
        }
        OptionalLong latest = file.frames().stream().map(DnstapCaptureRetimer::newestSecond)
                .filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong).max();
        if (latest.isEmpty()) {
            return capture;
        }
        long shift = newest.getEpochSecond() - latest.getAsLong();
        List<byte[]> frames = new ArrayList<>(file.frames().size());
        for (byte[] frame : file.frames()) {
            frames.add(shift(frame, shift));
        }
        return new FrameStreamsFile(file.contentType(), frames).toBytes();
    }

    /** The latest of a dnstap frame's query and response times, in epoch seconds; empty if it has none or is not dnstap. */
    static OptionalLong newestSecond(byte[] dnstap) {
        try {
            OptionalLong newest = OptionalLong.empty();
            for (Field outer : ProtobufFields.parse(dnstap)) {
                if (outer.number() == DNSTAP_MESSAGE && outer.wireType() == ProtobufFields.LEN) {
                    for (Field field : ProtobufFields.parse(outer.payload())) {
                        if (isTime(field) && (newest.isEmpty() || field.varint() > newest.getAsLong())) {
                            newest = OptionalLong.of(field.varint());
                        }
                    }
                }
            }
            return newest;
        } catch (ProtobufFields.MalformedMessageException e) {
            return OptionalLong.empty();
        }
    }

    /** The frame with its times moved by {@code seconds}; a frame that does not parse is returned as it is. */
    static byte[] shift(byte[] dnstap, long seconds) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(dnstap.length + 8);
            for (Field outer : ProtobufFields.parse(dnstap)) {
                if (outer.number() == DNSTAP_MESSAGE && outer.wireType() == ProtobufFields.LEN) {
                    ByteArrayOutputStream message = new ByteArrayOutputStream(outer.payload().length + 4);
                    for (Field field : ProtobufFields.parse(outer.payload())) {
                        message.writeBytes(isTime(field)
                                ? ProtobufFields.varintField(field.number(), field.varint() + seconds)
                                : field.encoded());
                    }
                    out.writeBytes(ProtobufFields.lenField(DNSTAP_MESSAGE, message.toByteArray()));
                } else {
                    out.writeBytes(outer.encoded());
                }
            }
            return out.toByteArray();
        } catch (ProtobufFields.MalformedMessageException e) {
            return dnstap;
        }
    }

    private static boolean isTime(Field field) {
        return field.wireType() == ProtobufFields.VARINT
                && (field.number() == QUERY_TIME_SEC || field.number() == RESPONSE_TIME_SEC);
    }
}
