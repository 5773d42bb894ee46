package io.databroker.enrich.validate;

import io.databroker.shared.deadletter.DeadLetterReason;
import io.databroker.shared.deadletter.RecordRejectedException;

/** Well-formed JSON that breaks the topic's JSON Schema, or a value the schema lets through but we cannot use. */
public class SchemaViolationException extends RecordRejectedException {

    public SchemaViolationException(String message) {
        super(DeadLetterReason.SCHEMA_VIOLATION, message);
    }

    public SchemaViolationException(String message, Throwable cause) {
        super(DeadLetterReason.SCHEMA_VIOLATION, message, cause);
    }
}
