package io.databroker.enrich.validate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.databroker.enrich.normalize.Timestamps;
import tools.jackson.databind.JsonNode;

/**
 * One raw-topic JSON Schema compiled into plain checks that can say "valid" without the general validator, which
 * cost a fifth of the topology's CPU (a tree walk with a map of per-keyword state per record). Built from the very
 * schema file, so {@code schemas/} stays the contract.
 *
 * <p>It is conservative: {@link #accepts} returns true only when the value is valid for certain, and false when it is
 * invalid <em>or unsure</em> (a keyword it does not know, an integer written as {@code 1.0}, a leap second, a string
 * with a line break under a {@code pattern}…). A false sends the record to the full JSON Schema validator, which then
 * decides and words the errors, so a dead letter reads exactly as before. {@code CompiledSchemaTest} checks it against
 * the full validator over every fixture and thousands of variants.
 */
final class CompiledSchema {

    /** Keywords that only annotate: no effect on validity. */
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "title", "description", "default", "$comment",
            "examples");

    private final Check root;

    private CompiledSchema(Check root) {
        this.root = root;
    }

    static CompiledSchema compile(JsonNode schema) {
        return new CompiledSchema(compileNode(schema));
    }

    /** True only if {@code value} is certainly valid against the schema. */
    boolean accepts(JsonNode value) {
        return root.accepts(value);
    }

    /** False when some part of the schema uses a keyword this class does not know (that part always defers). */
    boolean isComplete() {
        return root.complete();
    }

    private interface Check {

        boolean accepts(JsonNode value);

        default boolean complete() {
            return true;
        }
    }

    private static final Check UNSURE = new Check() {
        @Override
        public boolean accepts(JsonNode value) {
            return false;
        }

        @Override
        public boolean complete() {
            return false;
        }
    };

    private static Check compileNode(JsonNode schema) {
        if (schema.isBoolean()) {
            boolean allowed = schema.asBoolean();
            return value -> allowed;
        }
        if (!schema.isObject()) {
            return UNSURE;
        }
        List<Check> checks = new ArrayList<>();
        for (Map.Entry<String, JsonNode> keyword : schema.properties()) {
            Check check = compileKeyword(keyword.getKey(), keyword.getValue());
            if (check == null) {
                continue;
            }
            checks.add(check);
        }
        Check[] all = checks.toArray(Check[]::new);
        return new Check() {
            @Override
            public boolean accepts(JsonNode value) {
                for (Check check : all) {
                    if (!check.accepts(value)) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public boolean complete() {
                for (Check check : all) {
                    if (!check.complete()) {
                        return false;
                    }
                }
                return true;
            }
        };
    }

    /** The check of one keyword; null for an annotation. Keywords apply only to their instance type (JSON Schema). */
    private static Check compileKeyword(String name, JsonNode argument) {
        if (ANNOTATIONS.contains(name)) {
            return null;
        }
        switch (name) {
            case "type" -> {
                int allowed = 0;
                for (JsonNode type : argument.isArray() ? argument : List.of(argument)) {
                    int bit = typeBit(type.asString());
                    if (bit == 0) {
                        return UNSURE;
                    }
                    allowed |= bit;
                }
                int mask = allowed;
                return value -> (typeBits(value) & mask) != 0;
            }
            case "required" -> {
                List<String> required = new ArrayList<>();
                argument.forEach(n -> required.add(n.asString()));
                String[] names = required.toArray(String[]::new);
                return value -> {
                    if (!value.isObject()) {
                        return true;
                    }
                    for (String field : names) {
                        if (!value.has(field)) {
                            return false;
                        }
                    }
                    return true;
                };
            }
            case "properties" -> {
                Map<String, Check> properties = new HashMap<>();
                for (Map.Entry<String, JsonNode> property : argument.properties()) {
                    properties.put(property.getKey(), compileNode(property.getValue()));
                }
                boolean complete = properties.values().stream().allMatch(Check::complete);
                return new Check() {
                    @Override
                    public boolean accepts(JsonNode value) {
                        if (!value.isObject()) {
                            return true;
                        }
                        // Walk the record's fields (fewer than the schema's properties, usually) and look each up.
                        for (Map.Entry<String, JsonNode> field : value.properties()) {
                            Check check = properties.get(field.getKey());
                            if (check != null && !check.accepts(field.getValue())) {
                                return false;
                            }
                        }
                        return true;
                    }

                    @Override
                    public boolean complete() {
                        return complete;
                    }
                };
            }
            case "additionalProperties" -> {
                // Only the permissive form is used by our schemas; anything else defers.
                return argument.isBoolean() && argument.asBoolean() ? value -> true : UNSURE;
            }
            case "items" -> {
                Check item = compileNode(argument);
                return new Check() {
                    @Override
                    public boolean accepts(JsonNode value) {
                        if (!value.isArray()) {
                            return true;
                        }
                        for (JsonNode element : value) {
                            if (!item.accepts(element)) {
                                return false;
                            }
                        }
                        return true;
                    }

                    @Override
                    public boolean complete() {
                        return item.complete();
                    }
                };
            }
            case "anyOf" -> {
                List<Check> branches = new ArrayList<>();
                argument.forEach(branch -> branches.add(compileNode(branch)));
                boolean complete = branches.stream().allMatch(Check::complete);
                return new Check() {
                    @Override
                    public boolean accepts(JsonNode value) {
                        for (Check branch : branches) {
                            if (branch.accepts(value)) {
                                return true;
                            }
                        }
                        return false;
                    }

                    @Override
                    public boolean complete() {
                        return complete;
                    }
                };
            }
            case "minLength", "maxLength" -> {
                if (!argument.isIntegralNumber()) {
                    return UNSURE;
                }
                long limit = argument.asLong();
                boolean min = name.equals("minLength");
                return value -> {
                    if (!value.isString()) {
                        return true;
                    }
                    String text = value.asString();
                    // Lengths count code points; a string of n chars has between n/2 and n of them.
                    long length = min ? (text.length() >= 2 * limit ? text.length() : text.codePointCount(0, text.length()))
                            : (text.length() <= limit ? text.length() : text.codePointCount(0, text.length()));
                    return min ? length >= limit : length <= limit;
                };
            }
            case "maxItems" -> {
                if (!argument.isIntegralNumber()) {
                    return UNSURE;
                }
                long limit = argument.asLong();
                return value -> !value.isArray() || value.size() <= limit;
            }
            case "minimum", "maximum" -> {
                if (!argument.isIntegralNumber() || !argument.canConvertToLong()) {
                    return UNSURE;
                }
                long limit = argument.asLong();
                boolean min = name.equals("minimum");
                return value -> {
                    if (!value.isNumber()) {
                        return true;
                    }
                    if (value.isIntegralNumber() && value.canConvertToLong()) {
                        return min ? value.asLong() >= limit : value.asLong() <= limit;
                    }
                    if (value.isDouble() && Double.isFinite(value.asDouble())) {
                        return min ? value.asDouble() >= limit : value.asDouble() <= limit;
                    }
                    return false; // big or decimal numbers: let the full validator compare them
                };
            }
            case "enum" -> {
                List<JsonNode> values = new ArrayList<>();
                argument.forEach(values::add);
                return value -> {
                    for (JsonNode allowed : values) {
                        if (allowed.equals(value)) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            case "pattern" -> {
                Pattern pattern = Pattern.compile(argument.asString());
                return value -> {
                    if (!value.isString()) {
                        return true;
                    }
                    String text = value.asString();
                    // Regex dialects differ on '$' before a line break: such strings are left to the full validator.
                    return !hasLineBreak(text) && pattern.matcher(text).find();
                };
            }
            case "format" -> {
                return switch (argument.asString()) {
                    case "date-time" -> value -> !value.isString() || Timestamps.parseCanonical(value.asString()) != null;
                    case "date" -> value -> !value.isString() || Timestamps.isCanonicalDate(value.asString());
                    default -> UNSURE;
                };
            }
            default -> {
                return UNSURE;
            }
        }
    }

    private static final int STRING = 1;
    private static final int NULL = 2;
    private static final int INTEGER = 4;
    private static final int NUMBER = 8;
    private static final int BOOLEAN = 16;
    private static final int OBJECT = 32;
    private static final int ARRAY = 64;

    /** The bit of a JSON Schema type name; 0 for a name this class does not know. */
    private static int typeBit(String type) {
        return switch (type) {
            case "string" -> STRING;
            case "null" -> NULL;
            case "integer" -> INTEGER;
            case "number" -> NUMBER;
            case "boolean" -> BOOLEAN;
            case "object" -> OBJECT;
            case "array" -> ARRAY;
            default -> 0;
        };
    }

    /**
     * The types {@code value} certainly has. An integral number is also a number; 1.0 is an integer to JSON Schema
     * too, but such values are rare, so they count as number only and an "integer" check defers to the full validator.
     */
    private static int typeBits(JsonNode value) {
        if (value.isString()) {
            return STRING;
        }
        if (value.isNumber()) {
            return value.isIntegralNumber() ? INTEGER | NUMBER : NUMBER;
        }
        if (value.isObject()) {
            return OBJECT;
        }
        if (value.isArray()) {
            return ARRAY;
        }
        if (value.isBoolean()) {
            return BOOLEAN;
        }
        return value.isNull() ? NULL : 0;
    }

    private static boolean hasLineBreak(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }
}
