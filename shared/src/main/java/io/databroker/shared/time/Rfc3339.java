package io.databroker.shared.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;

/**
 * The RFC 3339 shapes every source and every canonical document carries, read without java.time's formatters: they
 * are on the path of every record in four services, and a formatter parse costs more than the rest of a field's
 * handling. Each method returns null for any other form (lower-case {@code t}/{@code z}, leap seconds, blanks,
 * out-of-range fields…), so the caller can hand the text to java.time and get the same answer or its error.
 */
public final class Rfc3339 {

    private static final long SECONDS_PER_DAY = 86_400;

    private Rfc3339() {
    }

    /**
     * {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)}, every field in range, as an instant with the full fraction;
     * null for anything else.
     */
    public static Instant instantOrNull(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        LocalDate day = dateAt(text);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (day == null || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (text.charAt(i) == '.') {
            int start = ++i;
            while (i < length && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
            }
            int count = i - start;
            if (count < 1 || count > 9) {
                return null;
            }
            nanos = digits(text, start, count);
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == length - 1 && text.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == length - 6 && (text.charAt(i) == '+' || text.charAt(i) == '-') && text.charAt(i + 3) == ':') {
            int offsetHours = digits(text, i + 1, 2);
            int offsetMinutes = digits(text, i + 4, 2);
            if (offsetHours < 0 || offsetHours > 17 || offsetMinutes < 0 || offsetMinutes > 59) {
                return null;
            }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (text.charAt(i) == '-' ? -1 : 1);
        } else {
            return null;
        }
        long epochSecond = day.toEpochDay() * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** Exactly {@code YYYY-MM-DD} with ASCII digits and a day that exists; null for anything else. */
    public static LocalDate dateOrNull(String text) {
        return text.length() == 10 ? dateAt(text) : null;
    }

    /** The {@code YYYY-MM-DD} date at the start of {@code text} (at least 10 characters long), or null. */
    private static LocalDate dateAt(String text) {
        if (text.charAt(4) != '-' || text.charAt(7) != '-') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)) {
            return null;
        }
        return LocalDate.of(year, month, day);
    }

    /** The value of {@code count} ASCII digits at {@code start}, or -1 if any is not one. */
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

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> Year.isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }
}
