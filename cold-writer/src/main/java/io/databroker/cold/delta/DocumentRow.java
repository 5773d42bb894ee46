package io.databroker.cold.delta;

import java.util.Objects;

/**
 * A document buffered as the bytes it arrived as, its column values coerced again when it is written. A buffer of
 * these holds about the JSON's size in a few large arrays, where coerced rows hold about twice that in many small
 * objects that every garbage collection until the commit has to trace: with the service's small heap that tracing
 * cost more CPU than the second parse, and its memory set the heap the writer needs.
 *
 * @param document        the record's value, already coerced once successfully by {@code coercer}
 * @param eventDate       days since the epoch of the {@code event_date} partition value
 * @param eventTimeMicros {@code event_time}, microseconds since the epoch (UTC)
 */
public record DocumentRow(byte[] document, int eventDate, long eventTimeMicros, RowCoercer coercer)
        implements TableRow {

    public DocumentRow {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(coercer, "coercer");
    }

    /** Coerces {@code document} and keeps its bytes, not the values. */
    public static DocumentRow of(byte[] document, RowCoercer coercer) {
        CoercedRow row = coercer.coerce(document);
        return new DocumentRow(document, row.eventDate(), row.eventTimeMicros(), coercer);
    }

    @Override
    public Object[] values() {
        // the same bytes through the same coercer: cannot fail where the first coercion succeeded
        return coercer.coerce(document).values();
    }
}
