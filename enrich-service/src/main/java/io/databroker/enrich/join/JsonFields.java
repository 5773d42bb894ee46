package io.databroker.enrich.join;

import tools.jackson.databind.JsonNode;

/** Null-safe reads of the small JSON values of the join tables. */
final class JsonFields {

    private JsonFields() {
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
