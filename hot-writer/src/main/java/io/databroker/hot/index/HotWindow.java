package io.databroker.hot.index;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The days the hot store keeps. ILM deletes a daily index {@code retention} after the start of the day in its name
 * ({@code index.lifecycle.parse_origination_date}), so a document of a day whose index would already be deleted is
 * not written at all: it would be deleted again at the next ILM run, or linger where ILM is off.
 */
public final class HotWindow {

    private final Duration retention;
    private final Clock clock;

    public HotWindow(Duration retention, Clock clock) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, was " + retention);
        }
        this.retention = retention;
        this.clock = clock;
    }

    /** True when the daily index of {@code eventDate} is still within retention now. */
    public boolean contains(LocalDate eventDate) {
        return eventDate.atStartOfDay(ZoneOffset.UTC).toInstant().plus(retention).isAfter(clock.instant());
    }
}
