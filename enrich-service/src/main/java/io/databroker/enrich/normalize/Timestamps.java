package io.databroker.enrich.normalize;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import io.databroker.enrich.validate.ImpossibleValueException;
import io.databroker.enrich.validate.SchemaViolationException;

/**
 * RFC 3339 in, UTC out. Instants are truncated to milliseconds, the finest precision Elasticsearch's {@code date}
 * keeps, so the hot and the cold store hold the same value.
 */
public final class Timestamps {

    /** Nothing we ingest happened before the Unix epoch (arXiv starts in 1991, GitHub in 2008). */
    static final Instant EARLIEST_EVENT = Instant.EPOCH;
    /** Clock skew allowed between a producer and us; beyond it an event "from the future" is a broken clock or a typo. */
    static final Duration MAX_FUTURE_SKEW = Duration.ofDays(1);

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

    /** Parses a {@code YYYY-MM-DD} date; null stays null. */
    public static LocalDate parseDate(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new SchemaViolationException(field + " is not a YYYY-MM-DD date: '" + text + "'", e);
        }
    }

    /** Midnight UTC of a date, the event time of records that only have dates. */
    public static Instant startOf(LocalDate date) {
        return date == null ? null : date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /**
     * The event time, if it can have happened: not before 1970 and not more than a day after {@code now}.
     *
     * @throws ImpossibleValueException for a year-9999 timestamp and the like
     */
    public static Instant requirePlausible(String field, Instant eventTime, Instant now) {
        if (eventTime.isBefore(EARLIEST_EVENT) || eventTime.isAfter(now.plus(MAX_FUTURE_SKEW))) {
            throw new ImpossibleValueException(field + " " + format(eventTime) + " is outside the plausible range "
                    + format(EARLIEST_EVENT) + " .. now + " + MAX_FUTURE_SKEW.toHours() + " h");
        }
        return eventTime;
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
