package io.databroker.cold.delta;

import io.databroker.shared.deadletter.DeadLetterReason;
import io.databroker.shared.deadletter.RecordRejectedException;

/** A document field does not fit its Delta column (wrong JSON type, bad timestamp, required field missing). */
public class ColumnCoercionException extends RecordRejectedException {

    private final String column;
    private final String problem;

    /**
     * @param column the value's path in the document: {@code title}, {@code linked_papers[1].id}
     */
    public ColumnCoercionException(String column, String problem) {
        super(DeadLetterReason.COERCION_FAILED, "column " + column + ": " + problem);
        this.column = column;
        this.problem = problem;
    }

    /**
     * The same problem, its path prefixed by that of the value containing it: the coercer builds paths only when a
     * value fails, not for every value.
     */
    ColumnCoercionException within(String prefix) {
        return new ColumnCoercionException(prefix + column, problem);
    }
}
