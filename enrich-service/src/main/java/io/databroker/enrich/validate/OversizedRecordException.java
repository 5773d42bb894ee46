package io.databroker.enrich.validate;

import io.databroker.shared.deadletter.DeadLetterReason;
import io.databroker.shared.deadletter.RecordRejectedException;

/** The value is larger than {@code broker.enrich.max-record-bytes}; it is not even parsed. */
public class OversizedRecordException extends RecordRejectedException {

    public OversizedRecordException(String message) {
        super(DeadLetterReason.OVERSIZED, message);
    }
}
