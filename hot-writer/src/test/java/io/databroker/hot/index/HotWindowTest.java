package io.databroker.hot.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class HotWindowTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    private final HotWindow window = new HotWindow(Duration.ofDays(10), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void keepsTodayAndTheDaysWhoseIndexIsStillWithinRetention() {
        assertThat(window.contains(LocalDate.of(2026, 11, 21))).isTrue();
        assertThat(window.contains(LocalDate.of(2026, 11, 12))).isTrue();
    }

    @Test
    void skipsTheDayWhoseIndexIlmWouldAlreadyHaveDeleted() {
        // 2026-11-11T00:00Z + 10 days = 2026-11-21T00:00Z, before now.
        assertThat(window.contains(LocalDate.of(2026, 11, 11))).isFalse();
        assertThat(window.contains(LocalDate.of(2025, 1, 1))).isFalse();
    }

    @Test
    void keepsFutureDays() {
        assertThat(window.contains(LocalDate.of(2026, 11, 22))).isTrue();
    }

    @Test
    void boundaryIsTheStartOfTheDayPlusRetention() {
        HotWindow atBoundary = new HotWindow(Duration.ofDays(10),
                Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC));

        assertThat(atBoundary.contains(LocalDate.of(2026, 11, 12))).isFalse();
        assertThat(atBoundary.contains(LocalDate.of(2026, 11, 13))).isTrue();
    }
}
