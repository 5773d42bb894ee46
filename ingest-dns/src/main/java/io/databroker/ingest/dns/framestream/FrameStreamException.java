package io.databroker.ingest.dns.framestream;

/**
 * The byte stream broke the Frame Streams protocol (a malformed or unexpected control frame, an unsupported content
 * type). Framing can no longer be trusted, so the stream is abandoned.
 */
public class FrameStreamException extends RuntimeException {

    public FrameStreamException(String message) {
        super(message);
    }
}
