package io.databroker.enrich.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.databroker.enrich.validate.SchemaViolationException;

/** The hand-written fast paths give exactly what java.time gives, and defer to it for everything unusual. */
class TimestampsTest {

    private static final List<String> ODD = List.of("2025-01-01t00:00:00z", "2024-12-31T23:59:60Z", "2025-01-01T00:00:00+0530",
            "2025-01-01T00:00:00", "2025-01-01 00:00:00Z", "2025-02-30T00:00:00Z", "2025-13-01T00:00:00Z", " 2025-01-01T00:00:00Z ",
            "2025-01-01T00:00:00.Z", "2025-01-01T24:00:00Z", "+12025-01-01T00:00:00Z", "2025-01-01T00:00:00+18:00",
            "2025-01-01T00:00:00-23:59", "2025-01-01T00:00:00.1234567891Z", "0000-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z",
            "9999-12-31T23:59:59.999999999-17:59", "２０２５-01-01T00:00:00Z", "2024-02-29T12:00:00+01:00", "2023-02-29T12:00:00Z");

    @Test
    void parsesLikeJavaTime() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            assertSameAsJavaTime(randomTimestamp(random));
        }
        ODD.forEach(TimestampsTest::assertSameAsJavaTime);
    }

    @Test
    void formatsLikeIsoInstant() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-100_000_000_000L, 300_000_000_000L), random.nextInt(1_000_000_000));
            Instant truncated = instant.truncatedTo(ChronoUnit.MILLIS);
            assertThat(Timestamps.format(instant)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(truncated));
            assertThat(Timestamps.utcDate(instant)).isEqualTo(LocalDate.ofInstant(instant, ZoneOffset.UTC).toString());
            assertThat(Timestamps.parseInstant(Timestamps.format(instant))).isEqualTo(truncated);
        }
        assertThat(Timestamps.format(Instant.parse("2025-01-14T08:30:00.100Z"))).isEqualTo("2025-01-14T08:30:00.100Z");
    }

    @Test
    void parsesDatesLikeLocalDate() {
        for (String text : List.of("2024-02-29", "2023-02-29", "2025-13-01", "2025-00-10", "0000-01-01", "2025-1-01", " 2025-01-01",
                "2025-01-01 ", "+2025-01-01", "2025-04-31", "2025-12-31")) {
            LocalDate expected;
            try {
                expected = LocalDate.parse(text.strip());
            } catch (DateTimeParseException e) {
                assertThatThrownBy(() -> Timestamps.parseDate("d", text)).isInstanceOf(SchemaViolationException.class);
                continue;
            }
            assertThat(Timestamps.parseDate("d", text)).as(text).isEqualTo(expected);
        }
    }

    private static void assertSameAsJavaTime(String text) {
        Instant expected;
        try {
            expected = OffsetDateTime.parse(text.strip().toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            assertThatThrownBy(() -> Timestamps.parse("t", text)).as(text).isInstanceOf(SchemaViolationException.class);
            assertThat(Timestamps.parseCanonical(text)).as(text).isNull();
            return;
        }
        assertThat(Timestamps.parse("t", text)).as(text).isEqualTo(expected);
    }

    private static String randomTimestamp(Random random) {
        String fraction = switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> "." + random.nextInt(1000);
            default -> "." + String.format(Locale.ROOT, "%09d", random.nextInt(1_000_000_000)).substring(0, 1 + random.nextInt(9));
        };
        String offset = switch (random.nextInt(3)) {
            case 0 -> "Z";
            default -> String.format(Locale.ROOT, "%s%02d:%02d", random.nextBoolean() ? "+" : "-", random.nextInt(20), random.nextInt(62));
        };
        return String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d%s%s", random.nextInt(10_000), random.nextInt(14),
                random.nextInt(33), random.nextInt(25), random.nextInt(61), random.nextInt(61), fraction, offset);
    }
}
