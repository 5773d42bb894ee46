package io.databroker.cold.delta;

import java.util.ArrayList;
import java.util.List;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;

/** A Kernel {@link ColumnarBatch} of {@link TableRow}s; supports the column edits Kernel's write path makes. */
final class ValueBatch implements ColumnarBatch {

    private final StructType schema;
    private final List<ColumnVector> columns;
    private final int size;

    private ValueBatch(StructType schema, List<ColumnVector> columns, int size) {
        this.schema = schema;
        this.columns = List.copyOf(columns);
        this.size = size;
    }

    /** A batch of {@code rows}, each holding one value per field of {@code schema}; asks each row for its values once. */
    static ValueBatch of(StructType schema, List<? extends TableRow> rows) {
        List<Object[]> values = new ArrayList<>(rows.size());
        for (TableRow row : rows) {
            values.add(row.values());
        }
        List<ColumnVector> columns = new ArrayList<>(schema.length());
        for (int c = 0; c < schema.length(); c++) {
            List<Object> column = new ArrayList<>(values.size());
            for (Object[] row : values) {
                column.add(row[c]);
            }
            columns.add(new ValueColumnVector(schema.at(c).getDataType(), column));
        }
        return new ValueBatch(schema, columns, rows.size());
    }

    @Override
    public StructType getSchema() {
        return schema;
    }

    @Override
    public ColumnVector getColumnVector(int ordinal) {
        return columns.get(ordinal);
    }

    @Override
    public int getSize() {
        return size;
    }

    @Override
    public ColumnarBatch withDeletedColumnAt(int ordinal) {
        List<StructField> fields = new ArrayList<>(schema.fields());
        fields.remove(ordinal);
        List<ColumnVector> remaining = new ArrayList<>(columns);
        remaining.remove(ordinal);
        return new ValueBatch(new StructType(fields), remaining, size);
    }

    @Override
    public ColumnarBatch withNewColumn(int ordinal, StructField columnSchema, ColumnVector columnVector) {
        List<StructField> fields = new ArrayList<>(schema.fields());
        fields.add(ordinal, columnSchema);
        List<ColumnVector> extended = new ArrayList<>(columns);
        extended.add(ordinal, columnVector);
        return new ValueBatch(new StructType(fields), extended, size);
    }
}
