package io.databroker.cold.delta;

import io.databroker.shared.deadletter.DeadLetterReason;
import io.databroker.shared.deadletter.RecordRejectedException;

/** A document field does not fit its Delta column (wrong JSON type, bad timestamp, required field missing). */
public class ColumnCoercionException extends RecordRejectedException {

    public ColumnCoercionException(String column, String problem) {
        super(DeadLetterReason.COERCION_FAILED, "column " + column + ": " + problem);
    }
}
