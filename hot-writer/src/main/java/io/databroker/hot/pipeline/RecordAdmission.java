package io.databroker.hot.pipeline;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.databroker.hot.bulk.IndexAction;
import io.databroker.hot.index.DailyIndexRouter;
import io.databroker.hot.index.HotWindow;
import io.databroker.hot.index.IndexTarget;
import io.databroker.hot.index.IsoDates;
import io.databroker.shared.deadletter.DeadLetterReason;
import io.databroker.shared.deadletter.RecordRejectedException;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

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
        Header header = readHeader(value);
        IndexTarget target = router.route(source, header.id, header.eventDate);
        if (!window.contains(target.eventDate())) {
            return new Admission.Skip(SkipReason.OUTSIDE_HOT_WINDOW);
        }
        // A line break would split the bulk API's one-document-per-line framing: only pretty-printed JSON has one
        // (JSON strings cannot hold a raw one), and it is re-written compactly.
        byte[] document = header.multiline ? Json.mapper().writeValueAsBytes(Json.mapper().readTree(value)) : value;
        return new Admission.Index(new IndexAction(target.index(), target.id(), document), eventTime(header.eventTime));
    }

    /**
     * The top-level {@code id}, {@code event_date} and {@code event_time} of the document, after checking the whole
     * value is one JSON object; the record's bytes are then sent as they came.
     */
    private static Header readHeader(byte[] value) {
        Header header = new Header();
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
                switch (name) {
                    case "id" -> header.id = text(parser, token, "id", header);
                    case "event_date" -> header.eventDate = text(parser, token, "event_date", header);
                    case "event_time" -> header.eventTime = token == JsonToken.VALUE_STRING ? parser.getString() : null;
                    default -> {
                        // only its syntax matters, checked by the skip below
                    }
                }
                parser.skipChildren(); // a no-op on scalars
            }
            if (parser.nextToken() != null) {
                throw new RecordRejectedException(DeadLetterReason.MALFORMED, "not valid JSON: content after the object");
            }
            header.multiline = parser.currentLocation().getLineNr() > 1;
        } catch (JacksonException e) {
            throw new RecordRejectedException(DeadLetterReason.MALFORMED, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (header.notAString != null) {
            throw DailyIndexRouter.notAString(header.notAString);
        }
        return header;
    }

    /** A string field's value; null when JSON null; anything else is noted (the first one names the rejection). */
    private static String text(JsonParser parser, JsonToken token, String field, Header header) {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getString();
        }
        if (token != JsonToken.VALUE_NULL && header.notAString == null) {
            header.notAString = field;
        }
        return null;
    }

    private static Instant eventTime(String text) {
        if (text == null) {
            return null;
        }
        Instant fast = IsoDates.utcInstant(text);
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** What {@link #readHeader} found. */
    private static final class Header {
        String id;
        String eventDate;
        String eventTime;
        /** The first of {@code id} / {@code event_date} that is neither a string nor null. */
        String notAString;
        /** True when the value holds a line break (between tokens: JSON strings cannot hold a raw one). */
        boolean multiline;
    }
}
