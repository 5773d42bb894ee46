package io.databroker.cold.delta;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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

import io.databroker.shared.topic.Source;

/**
 * The tables are the contract of docs/documents.md, column for column: this reads the Delta column of its field
 * tables, so the schemas cannot drift from the document (nor the document from the tables) unnoticed.
 */
class TableSchemasTest {

    private static final Path DOCUMENTS = Path.of("..", "docs", "documents.md");
    private static final Pattern ROW = Pattern.compile("^\\|([^|]+)\\|[^|]*\\|[^|]*\\|([^|]*)\\|");
    private static final Pattern NAME = Pattern.compile("`([a-z_]+)`");

    @ParameterizedTest
    @EnumSource(Source.class)
    void everyColumnIsTheDocumentsFieldWithItsDeltaType(Source source) throws IOException {
        Map<String, List<String[]>> sections = sections(Files.readString(DOCUMENTS));
        Map<String, String> expected = new LinkedHashMap<>();
        put(expected, sections.get("Fields every source has"), Map.of());
        Map<String, String> entities = new LinkedHashMap<>();
        put(entities, sections.get("Entities and joins"), Map.of());
        put(expected, sections.get(source.id()), entities);
        if (source == Source.NEWS) {
            // "Entities and joins as above (...), after these fields"
            expected.putAll(entities);
        }
        expected.put(TableSchemas.EXTRA, "STRING");

        Map<String, String> actual = new LinkedHashMap<>();
        for (StructField field : TableSchemas.of(source).fields()) {
            actual.put(field.getName(), sql(field.getDataType()));
        }

        assertThat(actual).containsExactlyEntriesOf(expected);
        assertThat(TableSchemas.of(source).indexOf(TableSchemas.EVENT_DATE)).isEqualTo(3);
    }

    /** Markdown "## heading" (first word for the source sections) → the field rows of its table. */
    private static Map<String, List<String[]>> sections(String markdown) {
        Map<String, List<String[]>> sections = new LinkedHashMap<>();
        List<String[]> current = null;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("## ")) {
                String heading = line.substring(3).trim();
                heading = heading.startsWith("Entities and joins") ? "Entities and joins" : heading;
                current = new ArrayList<>();
                sections.put(heading, current);
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (current != null && row.find() && row.group(1).contains("`")) {
                current.add(new String[] {row.group(1), row.group(2).trim()});
            }
        }
        return sections;
    }

    /** Adds each row's field(s) with its normalised Delta type; an empty type refers to the entities table. */
    private static void put(Map<String, String> fields, List<String[]> rows, Map<String, String> entities) {
        assertThat(rows).as("field table in docs/documents.md").isNotEmpty();
        for (String[] row : rows) {
            Matcher names = NAME.matcher(row[0]);
            while (names.find()) {
                String name = names.group(1);
                String type = row[1];
                Matcher as = Pattern.compile("^as `([a-z_]+)`$").matcher(type);
                if (type.isEmpty()) {
                    type = entities.get(name);
                } else if (as.find()) {
                    type = fields.get(as.group(1));
                }
                assertThat(type).as("Delta type of " + name).isNotNull();
                fields.put(name, type.replaceAll("\\s*\\(.*\\)$", "").trim());
            }
        }
    }

    /** The Spark/Databricks SQL spelling of a Kernel type, as docs/documents.md writes it. */
    private static String sql(DataType type) {
        if (type instanceof StringType) {
            return "STRING";
        }
        if (type instanceof TimestampType) {
            return "TIMESTAMP";
        }
        if (type instanceof DateType) {
            return "DATE";
        }
        if (type instanceof IntegerType) {
            return "INT";
        }
        if (type instanceof LongType) {
            return "BIGINT";
        }
        if (type instanceof DoubleType) {
            return "DOUBLE";
        }
        if (type instanceof BooleanType) {
            return "BOOLEAN";
        }
        if (type instanceof ArrayType array) {
            return "ARRAY<" + sql(array.getElementType()) + ">";
        }
        if (type instanceof StructType struct) {
            return struct.fields().stream().map(f -> f.getName() + " " + sql(f.getDataType()))
                    .collect(Collectors.joining(", ", "STRUCT<", ">"));
        }
        throw new IllegalArgumentException("no SQL name for " + type.toString().toLowerCase(Locale.ROOT));
    }
}
