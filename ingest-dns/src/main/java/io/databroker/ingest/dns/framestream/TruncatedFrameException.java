package io.databroker.ingest.dns.framestream;

import java.io.EOFException;

/** The stream ended inside a frame: the sender disconnected (or a capture file was cut) mid-frame. */
public class TruncatedFrameException extends EOFException {

    public TruncatedFrameException(String message) {
        super(message);
    }
}
