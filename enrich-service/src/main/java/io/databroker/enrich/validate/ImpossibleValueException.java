package io.databroker.enrich.validate;

import io.databroker.shared.deadletter.DeadLetterReason;
import io.databroker.shared.deadletter.RecordRejectedException;

/**
 * Schema-valid but semantically impossible: an event time in year 9999 or before 1970, a blank id, an id that does
 * not match its body. Reason {@code schema_violation} (the shared reason for "impossible value"); this class name in
 * {@code __connect.errors.exception.class.name} tells it apart from a plain schema failure.
 */
public class ImpossibleValueException extends RecordRejectedException {

    public ImpossibleValueException(String message) {
        super(DeadLetterReason.SCHEMA_VIOLATION, message);
    }
}
