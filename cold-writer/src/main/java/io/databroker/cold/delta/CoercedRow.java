package io.databroker.cold.delta;

import java.util.Objects;

/**
 * One document as the values of its table's columns, in schema order (see {@link ValueColumnVector} for the Java
 * type of each Delta type), with the two values the writer routes and measures by.
 *
 * @param values          one value per top-level column, null for SQL NULL
 * @param eventDate       days since the epoch of the {@code event_date} partition value
 * @param eventTimeMicros {@code event_time}, microseconds since the epoch (UTC)
 */
public record CoercedRow(Object[] values, int eventDate, long eventTimeMicros) implements TableRow {

    public CoercedRow {
        Objects.requireNonNull(values, "values");
    }
}
