package io.databroker.ops.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Masks values whose names say they are secrets (password, secret, token, credential, key, authorization) before
 * parameters reach the audit log. Applied to JSON bodies at any depth and to query parameters.
 */
public final class SecretMasker {

    static final String MASK = "***";
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(password|passwd|secret|token|credential|api[-_]?key|private[-_]?key|authorization).*");

    private SecretMasker() {
    }

    public static boolean isSecret(String name) {
        return name != null && SECRET_NAME.matcher(name).matches();
    }

    /** A copy of {@code parameters} (maps and lists at any depth) with secret values masked. */
    public static Map<String, Object> mask(Map<String, ?> parameters) {
        Map<String, Object> masked = new LinkedHashMap<>();
        parameters.forEach((name, value) -> masked.put(name, isSecret(name) ? MASK : maskValue(value)));
        return masked;
    }

    @SuppressWarnings("unchecked")
    private static Object maskValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return mask((Map<String, ?>) map);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(SecretMasker::maskValue).toList();
        }
        return value;
    }

    /** Masks secret fields of {@code node} in place; returns it. */
    public static JsonNode mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (isSecret(field.getKey())) {
                    object.put(field.getKey(), MASK);
                } else {
                    mask(field.getValue());
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(SecretMasker::mask);
        }
        return node;
    }
}
