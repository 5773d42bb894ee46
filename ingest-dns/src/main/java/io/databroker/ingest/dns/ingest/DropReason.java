package io.databroker.ingest.dns.ingest;

import java.util.Locale;

/**
 * Why dnstap input did not become a record; the lower_snake name is the {@code reason} tag of
 * {@code broker.events.failed}, the stage tells where it was found.
 */
public enum DropReason {
    /** A data frame longer than {@code broker.dns.max-frame-size}: skipped, the connection kept. */
    OVERSIZED_FRAME("framing"),
    /** The sender disconnected (or a capture file ends) inside a frame. */
    TRUNCATED_FRAME("framing"),
    /** A malformed or unexpected control frame, or bytes that are not Frame Streams at all: the stream is closed. */
    PROTOCOL_ERROR("framing"),
    /** The sender offers only content types other than {@code protobuf:dnstap.Dnstap}: the stream is closed. */
    UNSUPPORTED_CONTENT_TYPE("framing"),
    /** A data frame that is not a dnstap protobuf message. */
    MALFORMED_DNSTAP("decode"),
    /** A dnstap frame without a {@code Message} payload. */
    UNSUPPORTED_PAYLOAD("decode"),
    /** A DNS message inside the frame is not valid wire format. */
    MALFORMED_DNS("decode"),
    /** A DNS message without a question: no qname to key the record by. */
    MISSING_QUESTION("decode"),
    /** Kafka did not accept the record (after the producer's own retries). */
    PUBLISH_FAILED("publish");

    private final String stage;

    DropReason(String stage) {
        this.stage = stage;
    }

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String stage() {
        return stage;
    }
}
