package io.databroker.hot.index;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Map;

import io.databroker.shared.deadletter.DeadLetterReason;
import io.databroker.shared.deadletter.RecordRejectedException;
import io.databroker.shared.time.Rfc3339;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.JsonNode;

/**
 * Chooses a document's index and {@code _id} from the document alone (ARCHITECTURE §6): index
 * {@code <source>_recent-YYYY.MM.DD} from {@code event_date}, {@code _id} = {@code id}. Because nothing else (arrival
 * time, offset, rollover state) takes part, a redelivered document overwrites itself: the store ends up exactly-once.
 */
public final class DailyIndexRouter {

    /** Elasticsearch refuses longer ids (IndexRequest#validate: "id [..] is too long, must be no longer than 512 bytes"). */
    static final int MAX_ID_BYTES = 512;

    /** The date format ILM's {@code index.lifecycle.parse_origination_date} expects after the last '-'. */
    private static final DateTimeFormatter INDEX_DATE = DateTimeFormatter.ofPattern("uuuu.MM.dd");

    private final String prefix;
    private final Map<Source, String> aliases = new EnumMap<>(Source.class);

    /**
     * @param prefix prepended to every index and alias name; empty in deployments (see {@code broker.hot.index.prefix})
     */
    public DailyIndexRouter(String prefix) {
        this.prefix = prefix == null ? "" : prefix;
        for (Source source : Source.values()) {
            aliases.put(source, this.prefix + source.hotAlias());
        }
    }

    /**
     * The target of a canonical document read from {@code source}'s enriched topic.
     *
     * @param id        the document's top-level {@code id}; null when absent
     * @param eventDate its top-level {@code event_date}; null when absent
     * @throws RecordRejectedException ({@link DeadLetterReason#SCHEMA_VIOLATION}) when {@code id} or {@code event_date}
     *                                 is missing or unusable
     */
    public IndexTarget route(Source source, String id, String eventDate) {
        requireText(id, "id");
        // UTF-8 takes at most 3 bytes per UTF-16 unit: only long ids need encoding to be measured.
        if (id.length() * 3 > MAX_ID_BYTES && id.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
            throw violation("'id' is longer than " + MAX_ID_BYTES + " bytes");
        }
        requireText(eventDate, "event_date");
        LocalDate day = eventDate(eventDate);
        // "2026-11-07" → "2026.11.07": the same text INDEX_DATE gives, without formatting a date per document.
        return new IndexTarget(aliases.get(source) + "-" + eventDate.replace('-', '.'), id, day);
    }

    /**
     * {@link #route(Source, String, String)} of a document already parsed into a tree (the operations endpoints; the
     * consumer loop reads the two fields while it checks the bytes).
     */
    public IndexTarget route(Source source, JsonNode document) {
        return route(source, text(document, "id"), text(document, "event_date"));
    }

    /** The rejection of a top-level field the router needs that is present but not a string. */
    public static RecordRejectedException notAString(String field) {
        return violation("'" + field + "' must be a non-blank string");
    }

    /** The daily index of {@code source} for {@code day}, e.g. {@code news_recent-2026.11.21}. */
    public String index(Source source, LocalDate day) {
        return alias(source) + "-" + INDEX_DATE.format(day);
    }

    /** The read alias every daily index of {@code source} joins, e.g. {@code news_recent}. */
    public String alias(Source source) {
        return aliases.get(source);
    }

    /** The index pattern of {@code source}'s template, e.g. {@code news_recent-*}. */
    public String indexPattern(Source source) {
        return alias(source) + "-*";
    }

    /** The name of {@code source}'s index template (the alias name, e.g. {@code news_recent}). */
    public String templateName(Source source) {
        return alias(source);
    }

    private static String text(JsonNode document, String field) {
        JsonNode value = document.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw notAString(field);
        }
        return value.asString();
    }

    private static void requireText(String value, String field) {
        if (value == null) {
            throw violation("'" + field + "' is missing");
        }
        if (value.isBlank()) {
            throw notAString(field);
        }
    }

    /** The date of a {@code YYYY-MM-DD} text, the form of index names and of the {@code strict_date} mapping. */
    private static LocalDate eventDate(String text) {
        LocalDate day = Rfc3339.dateOrNull(text);
        if (day == null || day.getYear() < 1) {
            throw violation("'event_date' is not a YYYY-MM-DD date with a year from 0001 to 9999");
        }
        return day;
    }

    private static RecordRejectedException violation(String message) {
        return new RecordRejectedException(DeadLetterReason.SCHEMA_VIOLATION, message);
    }
}
