package io.databroker.hot.pipeline;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.databroker.hot.bulk.IndexAction;
import io.databroker.hot.index.DailyIndexRouter;
import io.databroker.hot.index.HotWindow;
import io.databroker.hot.index.IndexTarget;
import io.databroker.shared.deadletter.DeadLetterReason;
import io.databroker.shared.deadletter.RecordRejectedException;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decides, before anything is sent, what happens to one record of an enriched topic: index it (where, under which
 * {@code _id}), skip it (outside the hot window), or reject it (thrown, to be dead-lettered). The document is not
 * built into a tree: one streaming pass checks that the value is a single well-formed JSON object and picks the
 * top-level {@code id}, {@code event_date} and {@code event_time}; the bytes are then sent as they came.
 */
final class RecordAdmission {

    private final DailyIndexRouter router;
    private final HotWindow window;
    private final long maxDocumentBytes;

    RecordAdmission(DailyIndexRouter router, HotWindow window, long maxDocumentBytes) {
        this.router = router;
        this.window = window;
        this.maxDocumentBytes = maxDocumentBytes;
    }

    /**
     * @throws RecordRejectedException {@code malformed} (not one JSON value), {@code schema_violation} (not an object,
     *                                 no usable {@code id} / {@code event_date}), {@code oversized}
     */
    Admission admit(Source source, byte[] value) {
        if (value == null || value.length == 0) {
            throw new RecordRejectedException(DeadLetterReason.MALFORMED, "empty record value");
        }
        if (value.length > maxDocumentBytes) {
            throw new RecordRejectedException(DeadLetterReason.OVERSIZED, "document of " + value.length
                    + " bytes is larger than broker.hot.bulk.max-document-bytes (" + maxDocumentBytes + ")");
        }
        ObjectNode header = readHeader(value);
        IndexTarget target = router.route(source, header);
        if (!window.contains(target.eventDate())) {
            return new Admission.Skip(SkipReason.OUTSIDE_HOT_WINDOW);
        }
        return new Admission.Index(new IndexAction(target.index(), target.id(), bulkSafe(value)),
                eventTime(header.get("event_time")));
    }

    /**
     * The top-level {@code id}, {@code event_date} and {@code event_time} of the document as JSON nodes (strings as
     * strings, anything else as a non-string node so that the router names the problem), after checking the whole
     * value is one JSON object.
     */
    private static ObjectNode readHeader(byte[] value) {
        ObjectNode header = Json.mapper().createObjectNode();
        try (JsonParser parser = Json.mapper().createParser(value)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new RecordRejectedException(DeadLetterReason.MALFORMED, "no JSON value");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new RecordRejectedException(DeadLetterReason.SCHEMA_VIOLATION,
                        "a canonical document is a JSON object, got " + first);
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if (name.equals("id") || name.equals("event_date") || name.equals("event_time")) {
                    if (token == JsonToken.VALUE_STRING) {
                        header.put(name, parser.getString());
                    } else if (token != JsonToken.VALUE_NULL) {
                        header.put(name, 0);
                    }
                }
                parser.skipChildren();
            }
            if (parser.nextToken() != null) {
                throw new RecordRejectedException(DeadLetterReason.MALFORMED, "not valid JSON: content after the object");
            }
        } catch (JacksonException e) {
            throw new RecordRejectedException(DeadLetterReason.MALFORMED, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        return header;
    }

    /**
     * The bytes to send as {@code _source}: the record value untouched (no number or formatting changes), unless it
     * holds a line break — pretty-printed JSON would break the bulk API's one-document-per-line framing — in which
     * case it is re-written compactly.
     */
    private static byte[] bulkSafe(byte[] value) {
        for (byte b : value) {
            if (b == '\n' || b == '\r') {
                return Json.mapper().writeValueAsBytes(Json.mapper().readTree(value));
            }
        }
        return value;
    }

    private static Instant eventTime(JsonNode value) {
        if (value == null || !value.isString()) {
            return null;
        }
        try {
            return Instant.parse(value.asString());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
