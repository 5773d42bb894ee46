package io.databroker.cold.delta;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Reads the instant forms canonical documents use (docs/documents.md: UTC, {@code Z}-suffixed,
 * {@code 2025-01-14T08:30:00Z} or {@code 2025-01-14T09:00:00.123Z}, and {@code YYYY-MM-DD} dates) without
 * java.time's formatter, which costs more than the rest of a row's coercion. Anything else (other offsets, lower-case
 * {@code t}/{@code z}, out-of-range fields) is left to java.time by returning {@link #NOT_CANONICAL}.
 */
final class CanonicalInstant {

    /** Returned for text this class does not read. */
    static final long NOT_CANONICAL = Long.MIN_VALUE;

    private static final long MICROS_PER_SECOND = 1_000_000L;

    private CanonicalInstant() {
    }

    /** Microseconds since the epoch of {@code text}, or {@link #NOT_CANONICAL}. */
    static long micros(String text) {
        int length = text.length();
        if (length < 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return NOT_CANONICAL;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        if (year < 0 || month < 0 || day < 0) {
            return NOT_CANONICAL;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return NOT_CANONICAL;
        }
        if (length == 10) {
            return epochDay * 86_400L * MICROS_PER_SECOND;
        }
        if (length < 20 || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || text.charAt(length - 1) != 'Z') {
            return NOT_CANONICAL;
        }
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return NOT_CANONICAL;
        }
        long micros = 0;
        if (length > 20) {
            // ".f" to ".fffffffff" before the Z; digits past microseconds are truncated, as Instant → micros does
            int fraction = length - 21;
            if (text.charAt(19) != '.' || fraction < 1 || fraction > 9 || digits(text, 20, fraction) < 0) {
                return NOT_CANONICAL;
            }
            for (int i = 0; i < 6; i++) {
                micros = micros * 10 + (i < fraction ? text.charAt(20 + i) - '0' : 0);
            }
        }
        return ((epochDay * 24 + hour) * 60 + minute) * 60 * MICROS_PER_SECOND + second * MICROS_PER_SECOND + micros;
    }

    /** The non-negative number written by {@code count} ASCII digits at {@code start}, or -1. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
