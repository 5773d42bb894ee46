package io.databroker.ingest.github.gharchive;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One hour of GH Archive, UTC: the file {@code YYYY-MM-DD-H.json.gz} (hour without a leading zero, as gharchive.org
 * names them) holding the events created in that hour.
 *
 * @param date the UTC day
 * @param hour 0..23
 */
public record GhArchiveHour(LocalDate date, int hour) implements Comparable<GhArchiveHour> {

    /** {@code 2015-01-01-12} (GH Archive's form), also {@code 2015-01-01-05}, {@code 2015-01-01T12}, {@code 2015-01-01T12:00}. */
    private static final Pattern TEXT = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})[-T](\\d{1,2})(:00(:00)?Z?)?");

    public GhArchiveHour {
        Objects.requireNonNull(date, "date");
        if (hour < 0 || hour > 23) {
            throw new IllegalArgumentException("hour must be 0..23, was " + hour);
        }
    }

    /** @throws IllegalArgumentException naming the accepted forms */
    public static GhArchiveHour parse(String text) {
        Matcher m = text == null ? null : TEXT.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an hour like 2015-01-01-12 (GH Archive) or 2015-01-01T12");
        }
        try {
            return new GhArchiveHour(LocalDate.parse(m.group(1)), Integer.parseInt(m.group(2)));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' holds no valid date: " + e.getMessage(), e);
        }
    }

    /** The hour an instant falls in. */
    public static GhArchiveHour of(Instant instant) {
        LocalDateTime time = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        return new GhArchiveHour(time.toLocalDate(), time.getHour());
    }

    /** {@code 2015-01-01-12.json.gz}. */
    public String fileName() {
        return this + ".json.gz";
    }

    public Instant start() {
        return date.atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }

    /** The start of the next hour (exclusive end of this one). */
    public Instant end() {
        return start().plusSeconds(3600);
    }

    public GhArchiveHour next() {
        return hour == 23 ? new GhArchiveHour(date.plusDays(1), 0) : new GhArchiveHour(date, hour + 1);
    }

    @Override
    public int compareTo(GhArchiveHour other) {
        int byDate = date.compareTo(other.date);
        return byDate != 0 ? byDate : Integer.compare(hour, other.hour);
    }

    public boolean isAfter(GhArchiveHour other) {
        return compareTo(other) > 0;
    }

    public boolean isBefore(GhArchiveHour other) {
        return compareTo(other) < 0;
    }

    /** GH Archive's form, {@code 2015-01-01-12}. */
    @Override
    public String toString() {
        return date + "-" + hour;
    }
}
