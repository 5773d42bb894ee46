package io.databroker.hot.index;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import io.databroker.shared.deadletter.DeadLetterReason;
import io.databroker.shared.deadletter.RecordRejectedException;
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

    /**
     * @param prefix prepended to every index and alias name; empty in deployments (see {@code broker.hot.index.prefix})
     */
    public DailyIndexRouter(String prefix) {
        this.prefix = prefix == null ? "" : prefix;
    }

    /**
     * The target of a canonical document read from {@code source}'s enriched topic.
     *
     * @throws RecordRejectedException ({@link DeadLetterReason#SCHEMA_VIOLATION}) when {@code id} or {@code event_date}
     *                                 is missing or unusable
     */
    public IndexTarget route(Source source, JsonNode document) {
        String id = requiredText(document, "id");
        if (id.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
            throw violation("'id' is longer than " + MAX_ID_BYTES + " bytes");
        }
        LocalDate eventDate = eventDate(requiredText(document, "event_date"));
        return new IndexTarget(index(source, eventDate), id, eventDate);
    }

    /** The daily index of {@code source} for {@code day}, e.g. {@code news_recent-2026.11.21}. */
    public String index(Source source, LocalDate day) {
        return alias(source) + "-" + INDEX_DATE.format(day);
    }

    /** The read alias every daily index of {@code source} joins, e.g. {@code news_recent}. */
    public String alias(Source source) {
        return prefix + source.hotAlias();
    }

    /** The index pattern of {@code source}'s template, e.g. {@code news_recent-*}. */
    public String indexPattern(Source source) {
        return alias(source) + "-*";
    }

    /** The name of {@code source}'s index template (the alias name, e.g. {@code news_recent}). */
    public String templateName(Source source) {
        return alias(source);
    }

    private static String requiredText(JsonNode document, String field) {
        JsonNode value = document.get(field);
        if (value == null || value.isNull()) {
            throw violation("'" + field + "' is missing");
        }
        if (!value.isString() || value.asString().isBlank()) {
            throw violation("'" + field + "' must be a non-blank string");
        }
        return value.asString();
    }

    private static LocalDate eventDate(String text) {
        try {
            LocalDate date = LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
            // Four-digit years only: the index name and the date mapping (strict_date) both assume them.
            if (date.getYear() < 1 || date.getYear() > 9999) {
                throw violation("'event_date' year " + date.getYear() + " is out of range");
            }
            return date;
        } catch (DateTimeParseException e) {
            throw violation("'event_date' is not a YYYY-MM-DD date");
        }
    }

    private static RecordRejectedException violation(String message) {
        return new RecordRejectedException(DeadLetterReason.SCHEMA_VIOLATION, message);
    }
}
