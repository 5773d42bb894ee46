package io.databroker.enrich.normalize;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import io.databroker.enrich.validate.SchemaViolationException;

/**
 * RFC 3339 in, UTC out. Instants are truncated to milliseconds, the finest precision Elasticsearch's {@code date}
 * keeps, so the hot and the cold store hold the same value.
 */
public final class Timestamps {

    private Timestamps() {
    }

    /** Parses an RFC 3339 date-time with any offset; null stays null. */
    public static Instant parse(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            // RFC 3339 §5.6 allows lower-case 't' and 'z'; java.time wants upper case.
            return OffsetDateTime.parse(text.strip().toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            throw new SchemaViolationException(field + " is not an RFC 3339 date-time: '" + text + "'", e);
        }
    }

    /** {@code 2025-01-14T08:30:00Z}, or with milliseconds when there are any. */
    public static String format(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** The UTC calendar date: the daily index and the Delta partition. */
    public static String utcDate(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }
}
