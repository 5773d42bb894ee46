package io.databroker.hot.index;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * The date forms canonical documents carry, read without a {@code DateTimeFormatter}: they are on the path of every
 * document, and a formatter parse costs more than the rest of routing. Each method returns null for any other form.
 */
public final class IsoDates {

    private IsoDates() {
    }

    /** {@code YYYY-MM-DD} with a four-digit year from 0001; null for anything else, including impossible dates. */
    public static LocalDate date(String text) {
        if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        if ((year | month | day) < 0 || year < 1) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * {@code YYYY-MM-DDTHH:MM:SS[.fraction]Z}, as {@code Instant#toString()} writes and canonical documents carry;
     * null for anything else (other offsets included: the caller may then use a full RFC 3339 parser).
     */
    public static Instant utcInstant(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || text.charAt(length - 1) != 'Z') {
            return null;
        }
        LocalDate day = date(text.substring(0, 10));
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int nanos = 0;
        if (length > 20) {
            int fraction = length - 21;
            if (text.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = digits(text, 20, fraction);
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (day == null || (hour | minute | second | nanos) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        return LocalDateTime.of(day, LocalTime.of(hour, minute, second, nanos)).toInstant(ZoneOffset.UTC);
    }

    /** The decimal number in {@code text[from, from + count)}, or -1 when a character is not an ASCII digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
