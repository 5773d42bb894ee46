package io.databroker.storeops.delta;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;

import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;

/**
 * Turns Delta rows of a {@code <source>_historical} table back into the canonical document they were written from
 * (docs/documents.md: "ES document == Delta row"), undoing cold-writer's {@code RowCoercer}: TIMESTAMP → RFC 3339 UTC
 * ({@code 2026-11-20T08:15:30.123Z}, as enrich-service formats instants), DATE → {@code YYYY-MM-DD}, the GitHub
 * {@code payload} JSON text → the object it was, and the {@code extra} column's fields back to the top level.
 * The conversion follows the table's own schema, so columns added later come back too.
 */
public final class RowDocuments {

    /** cold-writer's {@code TableSchemas.EXTRA}: top-level fields the table had no column for, as one JSON object. */
    public static final String EXTRA = "extra";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonMapper mapper = Json.mapper();
    private final Set<String> jsonTextColumns;

    /** @param jsonTextColumns top-level STRING columns that hold a document object as JSON text */
    public RowDocuments(Set<String> jsonTextColumns) {
        this.jsonTextColumns = Set.copyOf(jsonTextColumns);
    }

    /** The conversion for {@code source}'s table: cold-writer keeps the GitHub payload as JSON text (ARCHITECTURE §7). */
    public static RowDocuments of(Source source) {
        return new RowDocuments(source == Source.GITHUB ? Set.of("payload") : Set.of());
    }

    /** The documents of the selected rows of {@code batch}, in row order. */
    public void forEach(FilteredColumnarBatch batch, java.util.function.Consumer<ObjectNode> documents) {
        ColumnarBatch data = batch.getData();
        ColumnVector selection = batch.getSelectionVector().orElse(null);
        StructType schema = data.getSchema();
        for (int row = 0; row < data.getSize(); row++) {
            if (selection != null && (selection.isNullAt(row) || !selection.getBoolean(row))) {
                continue;
            }
            ObjectNode document = NODES.objectNode();
            for (int column = 0; column < schema.length(); column++) {
                StructField field = schema.at(column);
                ColumnVector vector = data.getColumnVector(column);
                if (field.getName().equals(EXTRA)) {
                    addExtra(document, vector, row);
                } else if (jsonTextColumns.contains(field.getName()) && !vector.isNullAt(row)) {
                    document.set(field.getName(), mapper.readTree(vector.getString(row)));
                } else {
                    document.set(field.getName(), value(field.getDataType(), vector, row));
                }
            }
            documents.accept(document);
        }
    }

    private void addExtra(ObjectNode document, ColumnVector vector, int row) {
        if (vector.isNullAt(row)) {
            return;
        }
        JsonNode extra = mapper.readTree(vector.getString(row));
        for (Map.Entry<String, JsonNode> property : extra.properties()) {
            document.set(property.getKey(), property.getValue());
        }
    }

    /** The JSON value of row {@code row} of {@code vector}, a column of type {@code type}. */
    static JsonNode value(DataType type, ColumnVector vector, int row) {
        if (vector.isNullAt(row)) {
            return NODES.nullNode();
        }
        if (type instanceof StringType) {
            return NODES.stringNode(vector.getString(row));
        }
        if (type instanceof TimestampType) {
            long micros = vector.getLong(row);
            Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000L);
            return NODES.stringNode(DateTimeFormatter.ISO_INSTANT.format(instant));
        }
        if (type instanceof DateType) {
            return NODES.stringNode(LocalDate.ofEpochDay(vector.getInt(row)).toString());
        }
        if (type instanceof IntegerType) {
            return NODES.numberNode(vector.getInt(row));
        }
        if (type instanceof LongType) {
            long value = vector.getLong(row);
            // as a JSON parser reads the number back: an int when it fits
            return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
        }
        if (type instanceof DoubleType) {
            return NODES.numberNode(vector.getDouble(row));
        }
        if (type instanceof BooleanType) {
            return NODES.booleanNode(vector.getBoolean(row));
        }
        if (type instanceof ShortType) {
            return NODES.numberNode(vector.getShort(row));
        }
        if (type instanceof ByteType) {
            return NODES.numberNode(vector.getByte(row));
        }
        if (type instanceof FloatType) {
            return NODES.numberNode(vector.getFloat(row));
        }
        if (type instanceof DecimalType) {
            BigDecimal value = vector.getDecimal(row);
            return NODES.numberNode(value);
        }
        if (type instanceof ArrayType array) {
            ArrayValue value = vector.getArray(row);
            ArrayNode elements = NODES.arrayNode(value.getSize());
            for (int i = 0; i < value.getSize(); i++) {
                elements.add(value(array.getElementType(), value.getElements(), i));
            }
            return elements;
        }
        if (type instanceof StructType struct) {
            ObjectNode object = NODES.objectNode();
            for (int i = 0; i < struct.length(); i++) {
                object.set(struct.at(i).getName(), value(struct.at(i).getDataType(), vector.getChild(i), row));
            }
            return object;
        }
        throw new IllegalStateException("no JSON form for Delta type " + type);
    }
}
