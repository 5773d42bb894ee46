package io.databroker.ingest.dns.framestream;

import java.util.List;

/** One frame read from a Frame Streams byte stream. */
public sealed interface Frame permits Frame.Data, Frame.Control, Frame.Oversized {

    /** A data frame: one payload of the stream's content type (for dnstap, one protobuf {@code Dnstap} message). */
    record Data(byte[] payload) implements Frame {
    }

    /** A control frame and the content types it names (READY may name several, START and ACCEPT at most one). */
    record Control(ControlFrameType type, List<String> contentTypes) implements Frame {

        public Control {
            contentTypes = List.copyOf(contentTypes);
        }

        public static Control of(ControlFrameType type, String... contentTypes) {
            return new Control(type, List.of(contentTypes));
        }
    }

    /** A data frame longer than the reader's limit: only its length was read; {@link FrameStreamReader#skip} skips the rest. */
    record Oversized(long length) implements Frame {
    }
}
