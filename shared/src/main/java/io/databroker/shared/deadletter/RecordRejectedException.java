package io.databroker.shared.deadletter;

import java.util.Objects;

/**
 * A single record cannot be processed and must be dead-lettered. Thrown by the plain-Java cores and handled
 * in one place per service, which dead-letters, counts and carries on (STYLE §7).
 */
public class RecordRejectedException extends RuntimeException {

    private final DeadLetterReason reason;

    public RecordRejectedException(DeadLetterReason reason, String message) {
        this(reason, message, null);
    }

    public RecordRejectedException(DeadLetterReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public DeadLetterReason reason() {
        return reason;
    }
}
