package io.databroker.ingest.dns.framestream;

import java.util.List;

/** The sender offered (READY) or announced (START) only content types this receiver does not read. */
public class UnsupportedContentTypeException extends FrameStreamException {

    public UnsupportedContentTypeException(List<String> offered, String expected) {
        super("sender offers content types " + offered + ", this receiver reads only " + expected);
    }
}
