package io.databroker.ingest.dns.framestream;

/**
 * The control frame types of Frame Streams (fstrm, {@code fstrm/control.h}): the 32-bit type word that opens
 * every control frame.
 */
public enum ControlFrameType {
    /** Receiver → sender: the receiver accepts (one of) the offered content types. */
    ACCEPT(0x01),
    /** Sender: the data frames that follow carry the given content type. */
    START(0x02),
    /** Sender: no more data frames on this stream. */
    STOP(0x03),
    /** Sender → receiver (bidirectional only): the content types the sender can send. */
    READY(0x04),
    /** Receiver → sender (bidirectional only): acknowledges STOP; the sender may close. */
    FINISH(0x05);

    private final int code;

    ControlFrameType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type with this wire code, or null when the code is not one of the five. */
    public static ControlFrameType ofCode(int code) {
        for (ControlFrameType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
