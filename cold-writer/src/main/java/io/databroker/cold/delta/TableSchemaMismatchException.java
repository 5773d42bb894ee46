package io.databroker.cold.delta;

/** An existing table's schema or partitioning differs from {@link TableSchemas}: an operator must migrate it. */
public class TableSchemaMismatchException extends IllegalStateException {

    public TableSchemaMismatchException(String message) {
        super(message);
    }
}
