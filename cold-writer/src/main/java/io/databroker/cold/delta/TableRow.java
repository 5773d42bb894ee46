package io.databroker.cold.delta;

/**
 * One document waiting to be written to its table: the two values the writer routes and measures by, and its
 * column values, which {@link DeltaTableWriter} asks for once, just before it writes the row.
 */
public interface TableRow {

    /** Days since the epoch of the {@code event_date} partition value. */
    int eventDate();

    /** {@code event_time}, microseconds since the epoch (UTC). */
    long eventTimeMicros();

    /**
     * One value per top-level column in schema order (see {@link ValueColumnVector} for the Java type of each Delta
     * type), null for SQL NULL. May build them on each call.
     */
    Object[] values();
}
