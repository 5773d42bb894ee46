package io.databroker.enrich.validate;

import io.databroker.shared.deadletter.DeadLetterReason;
import io.databroker.shared.deadletter.RecordRejectedException;

/** The value is not JSON text in UTF-8 (binary junk, truncated JSON, invalid UTF-8, an empty value). */
public class MalformedRecordException extends RecordRejectedException {

    public MalformedRecordException(String message, Throwable cause) {
        super(DeadLetterReason.MALFORMED, message, cause);
    }
}
