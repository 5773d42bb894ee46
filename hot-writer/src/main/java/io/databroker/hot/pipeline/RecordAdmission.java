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
import io.databroker.shared.time.Rfc3339;
import io.databroker.shared.topic.Source;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides, before anything is sent, what happens to one record of an enriched topic: index it (where, under which
 * {@code _id}), skip it (outside the hot window), or reject it (thrown, to be dead-lettered). The document is not
 * built into a tree: one streaming pass checks that the value is a single well-formed JSON object and picks the
 * top-level {@code id}, {@code event_date} and {@code event_time}; the bytes are then sent as they came. Used by the
 * consumer thread only (it reuses its duplicate-name buffers).
 */
final class RecordAdmission {

    /**
     * The shared JSON settings without Jackson's duplicate-name check, which {@link DuplicateNames} does instead
     * (same verdict, no allocation per object).
     */
    private static final JsonMapper PARSER = Json.mapper().rebuild()
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final DailyIndexRouter router;
    private final HotWindow window;
    private final long maxDocumentBytes;
    private final DuplicateNames names = new DuplicateNames();

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
     * value is one JSON object without duplicate names in any of its objects.
     */
    private Header readHeader(byte[] value) {
        Header header = new Header();
        try (JsonParser parser = PARSER.createParser(value)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new RecordRejectedException(DeadLetterReason.MALFORMED, "no JSON value");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new RecordRejectedException(DeadLetterReason.SCHEMA_VIOLATION,
                        "a canonical document is a JSON object, got " + first);
            }
            names.startValue();
            int open = 1; // objects and arrays
            String topLevelName = null; // the top-level property whose value is next
            while (open > 0) {
                JsonToken token = parser.nextToken();
                if (token == null) { // Jackson reports an unclosed object itself; never index half a document
                    throw new RecordRejectedException(DeadLetterReason.MALFORMED, "not valid JSON: unexpected end");
                }
                if (token == JsonToken.PROPERTY_NAME) {
                    String name = parser.currentName();
                    if (!names.add(name)) {
                        throw new RecordRejectedException(DeadLetterReason.MALFORMED,
                                "not valid JSON: duplicate field '" + name + "'");
                    }
                    topLevelName = open == 1 ? name : null;
                    continue;
                }
                if (topLevelName != null) {
                    header.read(topLevelName, token, parser);
                    topLevelName = null;
                }
                switch (token) {
                    case START_OBJECT -> {
                        names.openObject();
                        open++;
                    }
                    case START_ARRAY -> open++;
                    case END_OBJECT -> {
                        names.closeObject();
                        open--;
                    }
                    case END_ARRAY -> open--;
                    default -> {
                        // a scalar: the parser has checked its syntax
                    }
                }
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

    private static Instant eventTime(String text) {
        if (text == null) {
            return null;
        }
        Instant fast = Rfc3339.instantOrNull(text);
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

        /** Keeps the value of a top-level property if it is one of ours; {@code token} is its first token. */
        void read(String name, JsonToken token, JsonParser parser) {
            switch (name) {
                case "id" -> id = text(name, token, parser);
                case "event_date" -> eventDate = text(name, token, parser);
                case "event_time" -> eventTime = token == JsonToken.VALUE_STRING ? parser.getString() : null;
                default -> {
                    // not needed for routing
                }
            }
        }

        /** A string's value; null when JSON null; anything else is noted (the first one names the rejection). */
        private String text(String name, JsonToken token, JsonParser parser) {
            if (token == JsonToken.VALUE_STRING) {
                return parser.getString();
            }
            if (token != JsonToken.VALUE_NULL && notAString == null) {
                notAString = name;
            }
            return null;
        }
    }
}
