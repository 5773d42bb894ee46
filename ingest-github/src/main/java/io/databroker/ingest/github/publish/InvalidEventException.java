package io.databroker.ingest.github.publish;

/** One source event that cannot be published; the caller counts it under {@link #reason()} and moves on. */
public class InvalidEventException extends RuntimeException {

    private final SkipReason reason;

    public InvalidEventException(SkipReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SkipReason reason() {
        return reason;
    }
}
