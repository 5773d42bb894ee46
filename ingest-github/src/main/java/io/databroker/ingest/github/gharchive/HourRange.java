package io.databroker.ingest.github.gharchive;

import java.time.Instant;
import java.util.Objects;

/**
 * The hours a backfill covers, both ends included. GH Archive files an event under the hour of its
 * {@code created_at}, so the range is also the set of events the backfill owns: the live mode leaves events created
 * inside it to the backfill, and each event is published once.
 */
public record HourRange(GhArchiveHour from, GhArchiveHour to) {

    public HourRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("backfill range ends (" + to + ") before it starts (" + from + ")");
        }
    }

    /** True when {@code time} falls within one of the hours. */
    public boolean contains(Instant time) {
        return !time.isBefore(from.start()) && time.isBefore(to.end());
    }

    public boolean contains(GhArchiveHour hour) {
        return !from.isAfter(hour) && !hour.isAfter(to);
    }

    /** How many hours the range holds. */
    public long hours() {
        return hoursBefore(to) + 1;
    }

    /** How many hours of the range come before {@code hour}. */
    public long hoursBefore(GhArchiveHour hour) {
        return java.time.Duration.between(from.start(), hour.start()).toHours();
    }

    @Override
    public String toString() {
        return from + ".." + to;
    }
}
