package io.databroker.ingest.core.http;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The {@code Retry-After} header (RFC 9110 §10.2.3): either delay-seconds or an HTTP-date. */
public final class RetryAfter {

    /** Longer numbers than this are nonsense (more than 30 years) and would overflow; they are capped, not trusted. */
    private static final int MAX_DIGITS = 9;

    private RetryAfter() {
    }

    /** The wait the header asks for, measured from {@code now}; empty when absent or unreadable; never negative. */
    public static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(Character::isDigit)) {
            String digits = trimmed.length() > MAX_DIGITS ? "9".repeat(MAX_DIGITS) : trimmed;
            return Optional.of(Duration.ofSeconds(Long.parseLong(digits)));
        }
        try {
            // IMF-fixdate, the form RFC 9110 requires senders to use ("Sun, 06 Nov 1994 08:49:37 GMT").
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The wait asked for by a response's {@code Retry-After} header. */
    public static Optional<Duration> from(HttpHeaders headers, Instant now) {
        return parse(headers.firstValue("Retry-After").orElse(null), now);
    }
}
