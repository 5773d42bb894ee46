package io.databroker.enrich.normalize;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** Null-safe reads of a raw record's JSON body, shared by the normalizers. */
final class RawFields {

    private RawFields() {
    }

    /** The field as text; absent and JSON null are null. */
    static String text(JsonNode raw, String field) {
        JsonNode node = raw == null ? null : raw.get(field);
        return node == null || node.isNull() || node.isContainer() ? null : node.asString();
    }

    /** The field as a number; absent, null or not a number is null. */
    static Long integer(JsonNode raw, String field) {
        JsonNode node = raw == null ? null : raw.get(field);
        return node != null && node.isIntegralNumber() ? node.asLong() : null;
    }

    static Boolean bool(JsonNode raw, String field) {
        JsonNode node = raw == null ? null : raw.get(field);
        return node != null && node.isBoolean() ? node.asBoolean() : null;
    }

    /** The string items of an array field, in order (null items kept as null). */
    static List<String> strings(JsonNode raw, String field) {
        List<String> out = new ArrayList<>();
        JsonNode node = raw == null ? null : raw.get(field);
        if (node != null && node.isArray()) {
            node.forEach(item -> out.add(item.isNull() ? null : item.asString()));
        }
        return out;
    }

    static void addAll(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    /** Empty strings become null (documents.md). */
    static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
