package io.databroker.ingest.github.gharchive;

import java.util.Objects;

import io.databroker.shared.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where the backfill of one hour range stands: lines {@code 1..line} of {@code hour} are published (or counted as
 * skipped), and {@code hourComplete} says whether the file ended there. Stored on {@code broker_ingest_state} in the
 * same Kafka transaction as the chunk of lines it covers (ARCHITECTURE §4), so a restart resumes at line
 * {@code line + 1} of that hour, or at the next hour. One cursor per range: a new range starts afresh.
 *
 * @param range        the configured hours
 * @param hour         the hour being read, or the last one finished
 * @param line         lines of {@code hour} covered so far (0 = none)
 * @param hourComplete true once {@code hour}'s file was read to its end, or found missing
 */
public record BackfillCursor(HourRange range, GhArchiveHour hour, long line, boolean hourComplete) {

    public static final String KEY_PREFIX = "github:gharchive:";

    public BackfillCursor {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(hour, "hour");
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0, was " + line);
        }
    }

    /** A backfill not started: nothing of its first hour read. */
    public static BackfillCursor initial(HourRange range) {
        return new BackfillCursor(range, range.from(), 0, false);
    }

    /** {@code github:gharchive:<from>..<to>}. */
    public static String key(HourRange range) {
        return KEY_PREFIX + range;
    }

    public String key() {
        return key(range);
    }

    /** True once the last hour of the range is complete. */
    public boolean finished() {
        return hourComplete && !hour.isBefore(range.to());
    }

    /** The hour to read next. */
    public GhArchiveHour nextHour() {
        return hourComplete ? hour.next() : hour;
    }

    /** Lines of {@link #nextHour()} already covered: they are read past, not published again. */
    public long linesDone() {
        return hourComplete ? 0 : line;
    }

    /** After a chunk of {@code next}'s lines up to {@code lastLine} was committed. */
    public BackfillCursor afterChunk(GhArchiveHour next, long lastLine) {
        return new BackfillCursor(range, next, lastLine, false);
    }

    /** After {@code next} was read to its end ({@code lines} lines) or found missing ({@code lines} = 0). */
    public BackfillCursor hourDone(GhArchiveHour next, long lines) {
        return new BackfillCursor(range, next, lines, true);
    }

    public byte[] toJson() {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("from", range.from().toString());
        root.put("to", range.to().toString());
        root.put("hour", hour.toString());
        root.put("line", line);
        root.put("hour_complete", hourComplete);
        return Json.mapper().writeValueAsBytes(root);
    }

    /** @throws IllegalArgumentException when {@code json} is not a backfill cursor */
    public static BackfillCursor fromJson(byte[] json) {
        try {
            JsonNode root = Json.mapper().readTree(json);
            return new BackfillCursor(new HourRange(GhArchiveHour.parse(text(root, "from")), GhArchiveHour.parse(text(root, "to"))),
                    GhArchiveHour.parse(text(root, "hour")), root.path("line").asLong(), root.path("hour_complete").asBoolean());
        } catch (JacksonException e) {
            throw new IllegalArgumentException("cursor is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : node.asString();
    }
}
