package io.databroker.ingest.news.opml;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written the way our configuration writes them ({@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}) or ISO-8601. */
final class Durations {

    private static final Pattern SIMPLE = Pattern.compile("^(\\d+)\\s*(ms|s|m|h|d)$");

    private Durations() {
    }

    /** @throws IllegalArgumentException for anything else, or a duration that is not positive */
    static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Duration d;
        Matcher m = SIMPLE.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 30m, 2h or PT30M)", e);
            }
        }
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("duration must be positive: '" + text + "'");
        }
        return d;
    }
}
