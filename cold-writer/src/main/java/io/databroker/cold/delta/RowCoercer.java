package io.databroker.cold.delta;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
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
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.json.JsonMapper;

import io.databroker.shared.deadletter.DeadLetterReason;
import io.databroker.shared.deadletter.RecordRejectedException;
import io.databroker.shared.json.Json;
import io.databroker.shared.time.Rfc3339;

/**
 * Turns a canonical document (JSON bytes) into the column values of its table. Lenient where no information is
 * lost (a number into a STRING column, {@code "42"} into an INT, a date-only string into a TIMESTAMP), strict
 * where it would be (an object into an INT): those documents are rejected with {@link ColumnCoercionException}.
 *
 * <p>One pass over the parser's tokens, no JSON tree: values go straight into the row. JSON kept as text (an object
 * or array in a STRING column, such as the GitHub {@code payload}; numbers in STRING columns; the {@code extra}
 * column) is the record's own bytes for that value, so it is stored exactly as it arrived: {@code 1.10} stays
 * {@code 1.10}, a 30-digit integer keeps its digits, {@code 1e5} is not rewritten.
 */
public final class RowCoercer {

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_DAY = MICROS_PER_SECOND * 86_400L;
    /** The relative path of a value that fails itself; enclosing values add theirs ({@link ColumnCoercionException#within}). */
    private static final String HERE = "";

    private final StructType schema;
    private final int eventTimeColumn;
    private final int eventDateColumn;
    private final int extraColumn;
    /** The shared mapper's parser settings, among them strict duplicate-key detection (see {@link Json}). */
    private final JsonMapper mapper = Json.mapper();

    public RowCoercer(StructType schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.eventTimeColumn = schema.indexOf(TableSchemas.EVENT_TIME);
        this.eventDateColumn = schema.indexOf(TableSchemas.EVENT_DATE);
        this.extraColumn = schema.indexOf(TableSchemas.EXTRA);
        if (eventTimeColumn < 0 || eventDateColumn < 0) {
            throw new IllegalArgumentException("table schema lacks " + TableSchemas.EVENT_TIME + "/" + TableSchemas.EVENT_DATE);
        }
    }

    /**
     * @throws RecordRejectedException reason {@code malformed} for bytes that are not a JSON object, or a
     *                                 {@link ColumnCoercionException} for a value that does not fit its column
     */
    public CoercedRow coerce(byte[] json) {
        if (json == null || json.length == 0) {
            throw new RecordRejectedException(DeadLetterReason.MALFORMED, "record has no value");
        }
        Object[] values = new Object[schema.length()];
        try (JsonParser parser = mapper.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new RecordRejectedException(DeadLetterReason.MALFORMED, "value is not a JSON object");
            }
            StringBuilder extra = null;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                int column = schema.indexOf(name);
                if (column < 0 || column == extraColumn) {
                    extra = appendExtra(extra, parser, json);
                    continue;
                }
                try {
                    values[column] = value(parser, parser.nextToken(), schema.at(column).getDataType(), json);
                } catch (ColumnCoercionException e) {
                    throw e.within(name);
                }
            }
            if (parser.nextToken() != null) {
                throw new RecordRejectedException(DeadLetterReason.MALFORMED, "value has content after its JSON object");
            }
            if (extraColumn >= 0) {
                values[extraColumn] = extra == null ? null : extra.append('}').toString();
            }
        } catch (JacksonException e) {
            throw new RecordRejectedException(DeadLetterReason.MALFORMED, "value is not JSON: " + e.getOriginalMessage(), e);
        }
        if (values[eventDateColumn] == null && values[eventTimeColumn] != null) {
            // documents.md: event_date is the UTC date of event_time; derive it when a producer left it out
            values[eventDateColumn] = (int) Math.floorDiv((Long) values[eventTimeColumn], MICROS_PER_DAY);
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null && !schema.at(i).isNullable()) {
                throw new ColumnCoercionException(schema.at(i).getName(), "required field is missing or null");
            }
        }
        return new CoercedRow(values, (Integer) values[eventDateColumn], (Long) values[eventTimeColumn]);
    }

    /** Adds the property the parser is on (name and value, as the record's bytes) to the {@code extra} object. */
    private static StringBuilder appendExtra(StringBuilder extra, JsonParser parser, byte[] json) {
        int nameStart = (int) parser.currentTokenLocation().getByteOffset();
        parser.nextToken();
        StringBuilder object = extra == null ? new StringBuilder("{") : extra.append(',');
        return object.append(new String(json, nameStart, endOfValue(parser) - nameStart, StandardCharsets.UTF_8));
    }

    /**
     * The byte offset just past the value the parser is on, leaving the parser on its last token. Its first byte
     * is at {@code currentTokenLocation()}.
     */
    private static int endOfValue(JsonParser parser) {
        if (parser.currentToken().isStructStart()) {
            parser.skipChildren();
        } else if (parser.currentToken() == JsonToken.VALUE_STRING) {
            parser.getString(); // strings are decoded lazily: this moves the location past the closing quote
        }
        return (int) parser.currentLocation().getByteOffset();
    }

    /** The record's own JSON text of the value the parser is on. */
    private static String rawText(JsonParser parser, byte[] json) {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        return new String(json, start, endOfValue(parser) - start, StandardCharsets.UTF_8);
    }

    /**
     * The column value of the JSON value the parser is on. A {@link ColumnCoercionException} thrown here names the
     * path below this value only ({@code ""} for the value itself); callers prefix their part.
     */
    private Object value(JsonParser parser, JsonToken token, DataType type, byte[] json) {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (type instanceof StringType) {
            return switch (token) {
                case VALUE_STRING -> parser.getString();
                case START_OBJECT, START_ARRAY -> rawText(parser, json);
                default -> parser.getText(); // a number or boolean as written, e.g. 1.10
            };
        }
        if (type instanceof TimestampType) {
            return toMicros(HERE, text(parser, token, "an RFC 3339 timestamp"));
        }
        if (type instanceof DateType) {
            return toEpochDay(HERE, text(parser, token, "a date"));
        }
        if (type instanceof IntegerType) {
            long value = toLong(parser, token);
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                throw new ColumnCoercionException(HERE, "number out of INT range");
            }
            return (int) value;
        }
        if (type instanceof LongType) {
            return toLong(parser, token);
        }
        if (type instanceof DoubleType) {
            return toDouble(parser, token);
        }
        if (type instanceof BooleanType) {
            return toBoolean(parser, token);
        }
        if (type instanceof ArrayType array) {
            return toList(parser, token, array, json);
        }
        if (type instanceof StructType struct) {
            return toStruct(parser, token, struct, json);
        }
        throw new IllegalStateException("no coercion for column type " + type);
    }

    private static String text(JsonParser parser, JsonToken token, String expected) {
        if (token != JsonToken.VALUE_STRING) {
            throw new ColumnCoercionException(HERE, "expected " + expected + " string, got " + kind(token));
        }
        return parser.getString().trim();
    }

    /** RFC 3339 with any offset, or a bare date (midnight UTC). */
    static long toMicros(String path, String text) {
        Instant instant = text.length() == 10 ? startOfDay(Rfc3339.dateOrNull(text)) : Rfc3339.instantOrNull(text);
        if (instant == null) {
            try {
                instant = text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                        : OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw new ColumnCoercionException(path, "not an RFC 3339 timestamp");
            }
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
        LocalDate date = text.length() == 10 ? Rfc3339.dateOrNull(text) : utcDate(Rfc3339.instantOrNull(text));
        try {
            if (date == null) {
                date = text.length() == 10 ? LocalDate.parse(text)
                        : LocalDate.ofInstant(OffsetDateTime.parse(text).toInstant(), ZoneOffset.UTC);
            }
            return Math.toIntExact(date.toEpochDay());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new ColumnCoercionException(path, "not a YYYY-MM-DD date");
        }
    }

    private static Instant startOfDay(LocalDate date) {
        return date == null ? null : date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static LocalDate utcDate(Instant instant) {
        return instant == null ? null : LocalDate.ofEpochDay(Math.floorDiv(instant.getEpochSecond(), 86_400L));
    }

    private static long toLong(JsonParser parser, JsonToken token) {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            try {
                return parser.getLongValue();
            } catch (InputCoercionException e) {
                throw new ColumnCoercionException(HERE, "integer out of BIGINT range");
            }
        }
        if (token == JsonToken.VALUE_STRING) {
            try {
                return Long.parseLong(parser.getString().trim());
            } catch (NumberFormatException e) {
                throw new ColumnCoercionException(HERE, "string is not an integer");
            }
        }
        throw new ColumnCoercionException(HERE, "expected an integer, got " + kind(token));
    }

    private static double toDouble(JsonParser parser, JsonToken token) {
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getDoubleValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            try {
                return Double.parseDouble(parser.getString().trim());
            } catch (NumberFormatException e) {
                throw new ColumnCoercionException(HERE, "string is not a number");
            }
        }
        throw new ColumnCoercionException(HERE, "expected a number, got " + kind(token));
    }

    private static boolean toBoolean(JsonParser parser, JsonToken token) {
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            return token == JsonToken.VALUE_TRUE;
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = parser.getString();
            if ("true".equals(text) || "false".equals(text)) {
                return Boolean.parseBoolean(text);
            }
        }
        throw new ColumnCoercionException(HERE, "expected a boolean, got " + kind(token));
    }

    private List<Object> toList(JsonParser parser, JsonToken token, ArrayType type, byte[] json) {
        if (token != JsonToken.START_ARRAY) {
            throw new ColumnCoercionException(HERE, "expected an array, got " + kind(token));
        }
        List<Object> list = new ArrayList<>(4);
        JsonToken element;
        while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
            Object value;
            try {
                value = value(parser, element, type.getElementType(), json);
            } catch (ColumnCoercionException e) {
                throw e.within("[" + list.size() + "]");
            }
            if (value == null && !type.containsNull()) {
                throw new ColumnCoercionException("[" + list.size() + "]", "null element");
            }
            list.add(value);
        }
        return list;
    }

    /** Fields of the object that the struct has no field for are skipped, as Spark's {@code from_json} does. */
    private Object[] toStruct(JsonParser parser, JsonToken token, StructType type, byte[] json) {
        if (token != JsonToken.START_OBJECT) {
            throw new ColumnCoercionException(HERE, "expected an object, got " + kind(token));
        }
        Object[] fields = new Object[type.length()];
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            int field = type.indexOf(parser.currentName());
            JsonToken value = parser.nextToken();
            if (field < 0) {
                parser.skipChildren();
                continue;
            }
            StructField f = type.at(field);
            try {
                fields[field] = value(parser, value, f.getDataType(), json);
            } catch (ColumnCoercionException e) {
                throw e.within("." + f.getName());
            }
        }
        return fields;
    }

    /** The JSON kind of a value token, as error messages name it. */
    private static String kind(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "OBJECT";
            case START_ARRAY -> "ARRAY";
            case VALUE_STRING -> "STRING";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "NUMBER";
            case VALUE_TRUE, VALUE_FALSE -> "BOOLEAN";
            default -> token.name();
        };
    }
}
