package io.databroker.cold.delta;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.databroker.shared.deadletter.DeadLetterReason;
import io.databroker.shared.deadletter.RecordRejectedException;
import io.databroker.shared.json.Json;

/**
 * Turns a canonical document (JSON bytes) into the column values of its table. Lenient where no information is
 * lost (a number into a STRING column, {@code "42"} into an INT, a date-only string into a TIMESTAMP), strict
 * where it would be (an object into an INT): those documents are rejected with {@link ColumnCoercionException}.
 */
public final class RowCoercer {

    private static final long MICROS_PER_SECOND = 1_000_000L;

    private final StructType schema;
    private final JsonMapper mapper = Json.mapper();

    public RowCoercer(StructType schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    /**
     * @throws RecordRejectedException reason {@code malformed} for bytes that are not a JSON object, or a
     *                                 {@link ColumnCoercionException} for a value that does not fit its column
     */
    public CoercedRow coerce(byte[] json) {
        JsonNode document = parse(json);
        Object[] values = new Object[schema.length()];
        Long eventTime = null;
        Integer eventDate = null;
        for (int i = 0; i < schema.length(); i++) {
            StructField field = schema.at(i);
            String name = field.getName();
            if (name.equals(TableSchemas.EXTRA)) {
                values[i] = extraFields(document);
                continue;
            }
            JsonNode node = document.get(name);
            Object value = coerceValue(name, field.getDataType(), node);
            if (name.equals(TableSchemas.EVENT_DATE) && value == null && eventTime != null) {
                // documents.md: event_date is the UTC date of event_time; derive it when a producer left it out
                value = (int) Math.floorDiv(eventTime, MICROS_PER_SECOND * 86_400L);
            }
            if (value == null && !field.isNullable()) {
                throw new ColumnCoercionException(name, "required field is missing or null");
            }
            values[i] = value;
            if (name.equals(TableSchemas.EVENT_TIME)) {
                eventTime = (Long) value;
            } else if (name.equals(TableSchemas.EVENT_DATE)) {
                eventDate = (Integer) value;
            }
        }
        if (eventTime == null || eventDate == null) {
            throw new IllegalStateException("table schema lacks " + TableSchemas.EVENT_TIME + "/" + TableSchemas.EVENT_DATE);
        }
        return new CoercedRow(values, eventDate, eventTime);
    }

    private JsonNode parse(byte[] json) {
        if (json == null || json.length == 0) {
            throw new RecordRejectedException(DeadLetterReason.MALFORMED, "record has no value");
        }
        JsonNode document;
        try {
            document = mapper.readTree(json);
        } catch (JacksonException e) {
            throw new RecordRejectedException(DeadLetterReason.MALFORMED, "value is not JSON: " + e.getOriginalMessage(), e);
        }
        if (document == null || !document.isObject()) {
            throw new RecordRejectedException(DeadLetterReason.MALFORMED, "value is not a JSON object");
        }
        return document;
    }

    private String extraFields(JsonNode document) {
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> property : document.properties()) {
            if (schema.indexOf(property.getKey()) < 0) {
                extra.put(property.getKey(), property.getValue());
            }
        }
        return extra.isEmpty() ? null : mapper.writeValueAsString(extra);
    }

    private Object coerceValue(String path, DataType type, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (type instanceof StringType) {
            return node.isString() ? node.stringValue() : node.isValueNode() ? node.asString() : mapper.writeValueAsString(node);
        }
        if (type instanceof TimestampType) {
            return toMicros(path, text(path, node, "an RFC 3339 timestamp"));
        }
        if (type instanceof DateType) {
            return toEpochDay(path, text(path, node, "a date"));
        }
        if (type instanceof IntegerType) {
            long value = toLong(path, node);
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                throw new ColumnCoercionException(path, "number out of INT range");
            }
            return (int) value;
        }
        if (type instanceof LongType) {
            return toLong(path, node);
        }
        if (type instanceof DoubleType) {
            return toDouble(path, node);
        }
        if (type instanceof BooleanType) {
            return toBoolean(path, node);
        }
        if (type instanceof ArrayType array) {
            return toList(path, array, node);
        }
        if (type instanceof StructType struct) {
            return toStruct(path, struct, node);
        }
        throw new IllegalStateException("no coercion for column type " + type + " of " + path);
    }

    private static String text(String path, JsonNode node, String expected) {
        if (!node.isString()) {
            throw new ColumnCoercionException(path, "expected " + expected + " string, got " + node.getNodeType());
        }
        return node.stringValue().trim();
    }

    /** RFC 3339 with any offset, or a bare date (midnight UTC). */
    static long toMicros(String path, String text) {
        Instant instant;
        try {
            instant = text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new ColumnCoercionException(path, "not an RFC 3339 timestamp");
        }
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND),
                    instant.getNano() / 1_000L);
        } catch (ArithmeticException e) {
            throw new ColumnCoercionException(path, "timestamp out of range");
        }
    }

    /** A bare date, or the UTC date of an RFC 3339 timestamp. */
    static int toEpochDay(String path, String text) {
        try {
            LocalDate date = text.length() == 10 ? LocalDate.parse(text)
                    : LocalDate.ofInstant(OffsetDateTime.parse(text).toInstant(), ZoneOffset.UTC);
            return Math.toIntExact(date.toEpochDay());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new ColumnCoercionException(path, "not a YYYY-MM-DD date");
        }
    }

    private static long toLong(String path, JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isString()) {
            try {
                return Long.parseLong(node.stringValue().trim());
            } catch (NumberFormatException e) {
                throw new ColumnCoercionException(path, "string is not an integer");
            }
        }
        throw new ColumnCoercionException(path, "expected an integer, got " + node.getNodeType());
    }

    private static double toDouble(String path, JsonNode node) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isString()) {
            try {
                return Double.parseDouble(node.stringValue().trim());
            } catch (NumberFormatException e) {
                throw new ColumnCoercionException(path, "string is not a number");
            }
        }
        throw new ColumnCoercionException(path, "expected a number, got " + node.getNodeType());
    }

    private static boolean toBoolean(String path, JsonNode node) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isString() && ("true".equals(node.stringValue()) || "false".equals(node.stringValue()))) {
            return Boolean.parseBoolean(node.stringValue());
        }
        throw new ColumnCoercionException(path, "expected a boolean, got " + node.getNodeType());
    }

    private List<Object> toList(String path, ArrayType type, JsonNode node) {
        if (!node.isArray()) {
            throw new ColumnCoercionException(path, "expected an array, got " + node.getNodeType());
        }
        List<Object> list = new ArrayList<>(node.size());
        int index = 0;
        for (JsonNode element : node.values()) {
            Object value = coerceValue(path + "[" + index + "]", type.getElementType(), element);
            if (value == null && !type.containsNull()) {
                throw new ColumnCoercionException(path + "[" + index + "]", "null element");
            }
            list.add(value);
            index++;
        }
        return list;
    }

    private Object[] toStruct(String path, StructType type, JsonNode node) {
        if (!node.isObject()) {
            throw new ColumnCoercionException(path, "expected an object, got " + node.getNodeType());
        }
        Object[] fields = new Object[type.length()];
        for (int i = 0; i < type.length(); i++) {
            StructField field = type.at(i);
            fields[i] = coerceValue(path + "." + field.getName(), field.getDataType(), node.get(field.getName()));
        }
        return fields;
    }
}
