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
import io.databroker.shared.time.Rfc3339;

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
        Instant fast = parseCanonical(text);
        if (fast != null) {
            return fast;
        }
        try {
            // RFC 3339 §5.6 allows lower-case 't' and 'z'; java.time wants upper case.
            return OffsetDateTime.parse(text.strip().toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            throw new SchemaViolationException(field + " is not an RFC 3339 date-time: '" + text + "'", e);
        }
    }

    /** {@link Instant#parse}, with the fast path for the shape {@link #format} writes. */
    public static Instant parseInstant(String text) {
        Instant fast = parseCanonical(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** Parses a {@code YYYY-MM-DD} date; null stays null. */
    public static LocalDate parseDate(String field, String text) {
        if (text == null) {
            return null;
        }
        LocalDate fast = Rfc3339.dateOrNull(text);
        if (fast != null) {
            return fast;
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
        if (instant == null) {
            return null;
        }
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds >= END_OF_9999) {
            return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
        }
        // What ISO_INSTANT prints for years 1970..9999, without its formatter machinery (this runs several times per
        // record): date, time, then the milliseconds only when there are any.
        int millis = instant.getNano() / 1_000_000;
        char[] out = new char[millis == 0 ? 20 : 24];
        writeDate(out, Math.floorDiv(seconds, SECONDS_PER_DAY));
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        out[10] = 'T';
        write2(out, 11, secondOfDay / 3600);
        out[13] = ':';
        write2(out, 14, secondOfDay / 60 % 60);
        out[16] = ':';
        write2(out, 17, secondOfDay % 60);
        if (millis != 0) {
            out[19] = '.';
            out[20] = (char) ('0' + millis / 100);
            write2(out, 21, millis % 100);
        }
        out[out.length - 1] = 'Z';
        return new String(out);
    }

    /** The UTC calendar date: the daily index and the Delta partition. */
    public static String utcDate(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds >= END_OF_9999) {
            return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
        }
        char[] out = new char[10];
        writeDate(out, Math.floorDiv(seconds, SECONDS_PER_DAY));
        return new String(out);
    }

    private static final long SECONDS_PER_DAY = 86_400;
    /** 10000-01-01T00:00:00Z: up to here the fast paths print exactly what java.time prints. */
    private static final long END_OF_9999 = 253_402_300_800L;

    /**
     * The common shape {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)} read without java.time's formatter (a third of
     * normalization's cost otherwise), truncated to milliseconds; null for anything else, which then goes the general
     * way and gives the same result.
     */
    public static Instant parseCanonical(String text) {
        Instant instant = Rfc3339.instantOrNull(text);
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    /** True for exactly {@code YYYY-MM-DD} with ASCII digits and an existing day. */
    public static boolean isCanonicalDate(String text) {
        return Rfc3339.dateOrNull(text) != null;
    }

    /** {@code YYYY-MM-DD} of a day since the epoch (years 1970..9999) into {@code out[0..10)}. */
    private static void writeDate(char[] out, long epochDay) {
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        int year = date.getYear();
        write2(out, 0, year / 100);
        write2(out, 2, year % 100);
        out[4] = '-';
        write2(out, 5, date.getMonthValue());
        out[7] = '-';
        write2(out, 8, date.getDayOfMonth());
    }

    private static void write2(char[] out, int at, int value) {
        out[at] = (char) ('0' + value / 10);
        out[at + 1] = (char) ('0' + value % 10);
    }
}
