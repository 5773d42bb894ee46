package io.databroker.enrich.join;

import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

import io.databroker.shared.json.Json;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.ObjectReader;

/**
 * Streaming reads and writes of the join tables' small JSON objects. Every DNS record and arXiv paper passes through
 * them several times (repartition, table store, changelog, global store); building a tree each time was ~6 % of the
 * enrichment stream thread.
 */
final class JoinJson {

    /** Values we wrote ourselves: no need for the parser's per-object duplicate-name set. */
    private static final ObjectReader READER = Json.mapper().reader().without(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private JoinJson() {
    }

    static byte[] write(Consumer<JsonGenerator> properties) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator json = Json.mapper().createGenerator(out)) {
            json.writeStartObject();
            properties.accept(json);
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    /** A parser on a JSON object's bytes, past its start: read it with {@link #nextProperty}. */
    static JsonParser objectParser(byte[] bytes) {
        JsonParser json = READER.createParser(bytes);
        if (json.nextToken() != JsonToken.START_OBJECT) {
            json.close();
            throw new StreamReadException(json, "a join-table value must be a JSON object");
        }
        return json;
    }

    /**
     * Moves to the next property's value (its name is {@code currentName()}); false at the object's end. Properties
     * may come in any order; the caller skips those it does not know ({@code skipChildren()}).
     */
    static boolean nextProperty(JsonParser json) {
        if (json.nextToken() != JsonToken.PROPERTY_NAME) {
            return false;
        }
        json.nextToken();
        return true;
    }

    /** The value as text, null for JSON null. */
    static String text(JsonParser value) {
        return value.currentToken() == JsonToken.VALUE_NULL ? null : value.getValueAsString();
    }
}
