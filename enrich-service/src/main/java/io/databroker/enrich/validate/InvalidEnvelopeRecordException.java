package io.databroker.enrich.validate;

import io.databroker.shared.deadletter.DeadLetterReason;
import io.databroker.shared.deadletter.RecordRejectedException;
import io.databroker.shared.envelope.InvalidEnvelopeException;

/** The record carries {@code ce_*} headers that are incomplete or malformed. */
public class InvalidEnvelopeRecordException extends RecordRejectedException {

    public InvalidEnvelopeRecordException(InvalidEnvelopeException cause) {
        super(DeadLetterReason.INVALID_ENVELOPE, cause.getMessage(), cause);
    }
}
