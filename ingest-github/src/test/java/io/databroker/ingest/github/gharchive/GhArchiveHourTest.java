package io.databroker.ingest.github.gharchive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GhArchiveHourTest {

    @ParameterizedTest
    @ValueSource(strings = {"2015-01-01-5", "2015-01-01-05", "2015-01-01T05", "2015-01-01T05:00", " 2015-01-01T05:00:00Z "})
    void parsesGhArchiveAndIsoForms(String text) {
        assertThat(GhArchiveHour.parse(text)).isEqualTo(new GhArchiveHour(LocalDate.of(2015, 1, 1), 5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2015-01-01", "2015-01-01-24", "2015-02-30-1", "2015-01-01-12:30", "yesterday"})
    void rejectsWhatIsNotAnHour(String text) {
        assertThatThrownBy(() -> GhArchiveHour.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesFilesAsGhArchiveDoesWithoutALeadingZero() {
        assertThat(GhArchiveHour.parse("2015-01-01T05").fileName()).isEqualTo("2015-01-01-5.json.gz");
        assertThat(GhArchiveHour.parse("2015-01-01-12").fileName()).isEqualTo("2015-01-01-12.json.gz");
    }

    @Test
    void theHourAfterElevenPmIsMidnightOfTheNextDay() {
        GhArchiveHour last = GhArchiveHour.parse("2015-12-31-23");
        assertThat(last.next()).isEqualTo(GhArchiveHour.parse("2016-01-01-0"));
        assertThat(last.end()).isEqualTo(Instant.parse("2016-01-01T00:00:00Z"));
    }

    @Test
    void aRangeHoldsTheEventsCreatedInItsHoursBothEndsIncluded() {
        HourRange range = new HourRange(GhArchiveHour.parse("2015-01-01-12"), GhArchiveHour.parse("2015-01-01-14"));

        assertThat(range.contains(Instant.parse("2015-01-01T12:00:00Z"))).isTrue();
        assertThat(range.contains(Instant.parse("2015-01-01T14:59:59Z"))).isTrue();
        assertThat(range.contains(Instant.parse("2015-01-01T11:59:59Z"))).isFalse();
        assertThat(range.contains(Instant.parse("2015-01-01T15:00:00Z"))).isFalse();
        assertThatThrownBy(() -> new HourRange(GhArchiveHour.parse("2015-01-01-14"), GhArchiveHour.parse("2015-01-01-12")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
