package io.databroker.ingest.github.publish;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

import io.databroker.shared.json.Json;
import io.databroker.shared.time.Rfc3339;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Validates one GitHub event (a GH Archive line, or one element of an Events API page) against
 * schemas/github_events.schema.json in a single streaming pass, and builds its record value without re-serialising:
 * the original bytes, with {@code ,"ingested_at":"…"} spliced in before the closing brace. So the payload and every
 * unknown field stay byte for byte as GitHub sent them, and a 200 MB hour costs one tokenisation, not a tree.
 *
 * <p>The JSON configuration is the shared one ({@link Json}): duplicate keys are malformed here as they are in
 * enrich-service. Stateless and thread-safe.
 */
public final class GithubEventParser {

    private final int maxEventBytes;

    /** @param maxEventBytes the largest record value the topic accepts; larger events are {@link SkipReason#OVERSIZED} */
    public GithubEventParser(int maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    /** The bytes spliced into every value of one batch: {@code ,"ingested_at":"<RFC 3339>"}. */
    public static byte[] ingestedAtField(Instant ingestedAt) {
        return (",\"ingested_at\":\"" + DateTimeFormatter.ISO_INSTANT.format(ingestedAt) + "\"")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses {@code buffer[offset, offset + length)}.
     *
     * @param ingestedAtField from {@link #ingestedAtField(Instant)}
     * @throws InvalidEventException when the bytes are not a publishable event; its reason says why
     */
    public GithubEvent parse(byte[] buffer, int offset, int length, byte[] ingestedAtField) {
        Fields fields = new Fields();
        try (JsonParser parser = Json.mapper().createParser(buffer, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidEventException(SkipReason.MALFORMED, "not a JSON object");
            }
            readEvent(parser, fields);
            if (parser.nextToken() != null) {
                throw new InvalidEventException(SkipReason.MALFORMED, "content after the JSON object");
            }
        } catch (JacksonException e) {
            throw new InvalidEventException(SkipReason.MALFORMED, "not JSON: " + e.getOriginalMessage());
        }
        Instant createdAt = fields.validate();
        byte[] json = fields.hasIngestedAt ? copy(buffer, offset, length) : splice(buffer, offset, length, ingestedAtField);
        if (json.length > maxEventBytes) {
            throw new InvalidEventException(SkipReason.OVERSIZED, "event " + fields.id + " is " + json.length
                    + " bytes, more than the " + maxEventBytes + " a record may have");
        }
        return new GithubEvent(fields.id, fields.type, createdAt, json);
    }

    /** Walks the top-level object, keeping what the envelope needs and checking the types the schema fixes. */
    private static void readEvent(JsonParser parser, Fields fields) {
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "id" -> fields.id = value == JsonToken.VALUE_STRING ? parser.getString() : fields.wrong("id", "a string");
                case "type" -> fields.type = value == JsonToken.VALUE_STRING ? parser.getString() : fields.wrong("type", "a string");
                case "created_at" -> fields.createdAt = value == JsonToken.VALUE_STRING ? parser.getString()
                        : fields.wrong("created_at", "a string");
                case "actor" -> fields.actorLogin = readNamed(parser, value, "actor", "login", fields);
                case "repo" -> fields.repoName = readNamed(parser, value, "repo", "name", fields);
                case "org", "payload" -> {
                    if (value != JsonToken.START_OBJECT) {
                        fields.wrong(name, "an object");
                    }
                }
                case "public" -> {
                    if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
                        fields.wrong("public", "a boolean");
                    }
                }
                case "ingested_at" -> fields.hasIngestedAt = true;
                default -> {
                    // any other field is kept verbatim; only its syntax is checked, by the skip below
                }
            }
            parser.skipChildren(); // a no-op on scalars and on objects already read to their end
        }
        if (token != JsonToken.END_OBJECT) {
            throw new InvalidEventException(SkipReason.MALFORMED, "unexpected " + token + " in the event object");
        }
    }

    /**
     * Reads {@code actor} or {@code repo}: an object whose {@code required} string field is returned; {@code id} must
     * be an integer and {@code url}/{@code display_login} strings when present.
     */
    private static String readNamed(JsonParser parser, JsonToken start, String object, String required, Fields fields) {
        if (start != JsonToken.START_OBJECT) {
            return fields.wrong(object, "an object");
        }
        String found = null;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals(required)) {
                found = value == JsonToken.VALUE_STRING ? parser.getString() : fields.wrong(object + "." + name, "a string");
            } else if (name.equals("id")) {
                if (value != JsonToken.VALUE_NUMBER_INT) {
                    fields.wrong(object + ".id", "an integer");
                }
            } else if (name.equals("url") || name.equals("display_login")) {
                if (value != JsonToken.VALUE_STRING) {
                    fields.wrong(object + "." + name, "a string");
                }
            }
            parser.skipChildren();
        }
        return found;
    }

    private static byte[] copy(byte[] buffer, int offset, int length) {
        byte[] json = new byte[length];
        System.arraycopy(buffer, offset, json, 0, length);
        return json;
    }

    /** The object's bytes with {@code field} inserted before its closing brace (trailing whitespace dropped). */
    private static byte[] splice(byte[] buffer, int offset, int length, byte[] field) {
        int close = offset + length - 1;
        while (buffer[close] != '}') {
            close--; // the parse succeeded, so only whitespace follows the closing brace
        }
        int head = close - offset;
        byte[] json = new byte[head + field.length + 1];
        System.arraycopy(buffer, offset, json, 0, head);
        System.arraycopy(field, 0, json, head, field.length);
        json[json.length - 1] = '}';
        return json;
    }

    /** What the walk found; the first type problem is kept for the message. */
    private static final class Fields {
        String id;
        String type;
        String createdAt;
        String actorLogin;
        String repoName;
        boolean hasIngestedAt;
        String problem;

        String wrong(String field, String expected) {
            if (problem == null) {
                problem = field + " is not " + expected;
            }
            return null;
        }

        Instant validate() {
            if (problem != null) {
                throw invalid(problem);
            }
            if (id == null || id.isEmpty() || id.length() > 20 || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw invalid(id == null ? "no id" : "id '" + id + "' is not a number of up to 20 digits");
            }
            if (type == null || type.isEmpty()) {
                throw invalid("event " + id + " has no type");
            }
            if (actorLogin == null) {
                throw invalid("event " + id + " has no actor.login");
            }
            if (repoName == null) {
                throw invalid("event " + id + " has no repo.name");
            }
            if (createdAt == null) {
                throw invalid("event " + id + " has no created_at");
            }
            try {
                Instant fast = Rfc3339.instantOrNull(createdAt); // the form GitHub always sends, without a formatter
                return fast != null ? fast : OffsetDateTime.parse(createdAt).toInstant();
            } catch (DateTimeException e) {
                throw invalid("event " + id + " has created_at '" + createdAt + "', not an RFC 3339 date-time");
            }
        }

        private InvalidEventException invalid(String message) {
            return new InvalidEventException(SkipReason.INVALID_EVENT, message);
        }
    }
}
