package io.databroker.shared.deadletter;

import java.util.Locale;

/** Why a record was dead-lettered; the lower_snake name is the {@code reason} metric tag and header value. */
public enum DeadLetterReason {
    /** Not JSON / not XML / binary junk / invalid UTF-8. */
    MALFORMED,
    /** Well-formed JSON that fails the topic's JSON Schema, or an impossible value (empty id, year 9999). */
    SCHEMA_VIOLATION,
    /** Larger than the configured record size limit. */
    OVERSIZED,
    /** {@code ce_*} headers present but incomplete or malformed. */
    INVALID_ENVELOPE,
    /** Elasticsearch rejected the document (mapping conflict, too large). */
    DOCUMENT_REJECTED,
    /** A value does not fit its Delta column. */
    COERCION_FAILED;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
