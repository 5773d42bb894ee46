package io.databroker.shared.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The hand-written reader gives exactly what java.time gives, or null (then java.time decides). */
class Rfc3339Test {

    private static final List<String> ODD = List.of("2025-01-01t00:00:00z", "2024-12-31T23:59:60Z",
            "2025-01-01T00:00:00+0530", "2025-01-01T00:00:00", "2025-01-01 00:00:00Z", "2025-02-30T00:00:00Z",
            "2025-13-01T00:00:00Z", " 2025-01-01T00:00:00Z ", "2025-01-01T00:00:00.Z", "2025-01-01T24:00:00Z",
            "+12025-01-01T00:00:00Z", "2025-01-01T00:00:00+18:00", "2025-01-01T00:00:00-23:59",
            "2025-01-01T00:00:00.1234567891Z", "0000-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z",
            "9999-12-31T23:59:59.999999999-17:59", "２０２５-01-01T00:00:00Z", "2024-02-29T12:00:00+01:00",
            "2023-02-29T12:00:00Z", "2026-11-21T12:00:00,5Z", "2026-11-21", "yesterday at noon, UTC");

    @Test
    void readsInstantsExactlyAsJavaTimeDoes() {
        Random random = new Random(7);
        int read = 0;
        for (int i = 0; i < 20_000; i++) {
            read += assertSameAsJavaTimeOrNull(randomTimestamp(random)) ? 1 : 0;
        }
        ODD.forEach(Rfc3339Test::assertSameAsJavaTimeOrNull);
        assertThat(read).as("most random in-range timestamps take the fast path").isGreaterThan(5_000);
    }

    @Test
    void readsTheShapesSourcesSend() {
        assertThat(Rfc3339.instantOrNull("2026-11-21T12:00:00Z")).isEqualTo(Instant.parse("2026-11-21T12:00:00Z"));
        assertThat(Rfc3339.instantOrNull("2026-11-21T12:34:56.123456789Z"))
                .isEqualTo(Instant.parse("2026-11-21T12:34:56.123456789Z"));
        assertThat(Rfc3339.instantOrNull("2026-11-21T13:00:00.5+01:00"))
                .isEqualTo(Instant.parse("2026-11-21T12:00:00.500Z"));
        assertThat(Rfc3339.instantOrNull("2026-11-21T12:00:00")).isNull();
        assertThat(Rfc3339.instantOrNull("2026-11-21t12:00:00z")).isNull();
    }

    @Test
    void readsDatesExactlyAsLocalDateDoes() {
        for (String text : List.of("2024-02-29", "2023-02-29", "2025-13-01", "2025-00-10", "0000-01-01", "2025-1-01",
                " 2025-01-01", "2025-01-01 ", "+2025-01-01", "2025-04-31", "2025-12-31", "2026-11-2x", "")) {
            LocalDate expected;
            try {
                expected = LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                expected = null;
            }
            assertThat(Rfc3339.dateOrNull(text)).as(text).isEqualTo(expected);
        }
    }

    /** True when the fast path read it (and agreed). */
    private static boolean assertSameAsJavaTimeOrNull(String text) {
        Instant fast = Rfc3339.instantOrNull(text);
        Instant expected;
        try {
            expected = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            assertThat(fast).as(text).isNull();
            return false;
        }
        if (fast != null) {
            assertThat(fast).as(text).isEqualTo(expected);
        }
        return fast != null;
    }

    private static String randomTimestamp(Random random) {
        String fraction = switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> "." + random.nextInt(1000);
            default -> "." + String.format(Locale.ROOT, "%09d", random.nextInt(1_000_000_000))
                    .substring(0, 1 + random.nextInt(9));
        };
        String offset = random.nextInt(3) == 0 ? "Z" : String.format(Locale.ROOT, "%s%02d:%02d",
                random.nextBoolean() ? "+" : "-", random.nextInt(20), random.nextInt(62));
        return String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d%s%s", random.nextInt(10_000),
                random.nextInt(14), random.nextInt(33), random.nextInt(25), random.nextInt(61), random.nextInt(61),
                fraction, offset);
    }
}
