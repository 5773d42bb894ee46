package io.databroker.hot.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoDatesTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-21T12:00:00Z", "2026-11-21T23:59:59.5Z", "2024-02-29T00:00:00.123Z",
            "1970-01-01T00:00:00.000001Z", "2026-11-21T12:34:56.123456789Z", "0001-01-01T00:00:00Z"})
    void readsUtcInstantsAsInstantParseDoes(String text) {
        assertThat(IsoDates.utcInstant(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-21", "2026-11-21T12:00:00", "2026-11-21T12:00:00+01:00", "2026-11-21 12:00:00Z",
            "2026-11-21T24:00:00Z", "2026-11-21T12:60:00Z", "2026-02-30T12:00:00Z", "2026-11-21T12:00:00.Z",
            "2026-11-21T12:00:00.1234567890Z", "2026-11-21T12:00:00,5Z", "yesterday at noon, UTC"})
    void leavesOtherFormsToTheCaller(String text) {
        assertThat(IsoDates.utcInstant(text)).isNull();
    }

    @Test
    void readsFourDigitYearDatesOnly() {
        assertThat(IsoDates.date("2026-11-21")).isEqualTo(LocalDate.of(2026, 11, 21));
        assertThat(IsoDates.date("2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(IsoDates.date("2026-02-29")).isNull();
        assertThat(IsoDates.date("0000-01-01")).isNull();
        assertThat(IsoDates.date("+2026-11-21")).isNull();
        assertThat(IsoDates.date("2026-1-21")).isNull();
        assertThat(IsoDates.date("2026-11-2x")).isNull();
    }
}
