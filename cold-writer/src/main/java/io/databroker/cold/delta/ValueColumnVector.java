package io.databroker.cold.delta;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.StructType;

/**
 * A Kernel {@link ColumnVector} over plain Java values, so that batches are built with Kernel's public API only
 * (not its {@code internal} vectors). Values per Delta type: STRING {@code String}, INT and DATE (days since the
 * epoch) {@code Integer}, BIGINT and TIMESTAMP (microseconds since the epoch, UTC) {@code Long}, DOUBLE
 * {@code Double}, BOOLEAN {@code Boolean}, ARRAY {@code List<Object>}, STRUCT {@code Object[]}; null is SQL NULL.
 */
final class ValueColumnVector implements ColumnVector {

    private final DataType type;
    private final List<?> values;

    ValueColumnVector(DataType type, List<?> values) {
        this.type = Objects.requireNonNull(type, "type");
        this.values = Objects.requireNonNull(values, "values");
    }

    @Override
    public DataType getDataType() {
        return type;
    }

    @Override
    public int getSize() {
        return values.size();
    }

    @Override
    public void close() {
        // nothing to release: the values live on the heap
    }

    @Override
    public boolean isNullAt(int rowId) {
        return values.get(rowId) == null;
    }

    @Override
    public boolean getBoolean(int rowId) {
        return (Boolean) values.get(rowId);
    }

    @Override
    public int getInt(int rowId) {
        return (Integer) values.get(rowId);
    }

    @Override
    public long getLong(int rowId) {
        return (Long) values.get(rowId);
    }

    @Override
    public double getDouble(int rowId) {
        return (Double) values.get(rowId);
    }

    @Override
    public String getString(int rowId) {
        return (String) values.get(rowId);
    }

    @Override
    public ArrayValue getArray(int rowId) {
        List<?> elements = (List<?>) values.get(rowId);
        if (elements == null) {
            return null;
        }
        ValueColumnVector vector = new ValueColumnVector(((ArrayType) type).getElementType(), elements);
        return new ArrayValue() {
            @Override
            public int getSize() {
                return elements.size();
            }

            @Override
            public ColumnVector getElements() {
                return vector;
            }
        };
    }

    @Override
    public ColumnVector getChild(int ordinal) {
        StructType struct = (StructType) type;
        List<Object> child = new ArrayList<>(values.size());
        for (Object value : values) {
            child.add(value == null ? null : ((Object[]) value)[ordinal]);
        }
        return new ValueColumnVector(struct.at(ordinal).getDataType(), child);
    }
}
