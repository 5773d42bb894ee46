package io.databroker.ingest.core.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How one source is fetched.
 *
 * @param connectTimeout  TCP/TLS connect timeout
 * @param readTimeout     time allowed until the response headers arrive, and again for reading the whole body
 * @param maxBodyBytes    a larger (decoded) body fails the fetch as malformed, protecting the heap
 * @param userAgent       User-Agent header; polite harvesters identify themselves
 * @param requestInterval minimum time between the starts of two requests to this source (politeness)
 * @param maxAttempts     attempts per fetch for transient failures (429, 5xx, connection errors), first one included
 * @param initialBackoff  wait before the second attempt when the server names none; doubles per attempt, with jitter
 * @param maxBackoff      upper bound of that wait
 * @param maxServerWait   the longest {@code Retry-After} waited out inside one fetch; a longer one fails the fetch and
 *                        the polling loop schedules the next poll after it instead
 */
public record FetchSettings(Duration connectTimeout, Duration readTimeout, long maxBodyBytes, String userAgent,
                            Duration requestInterval, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                            Duration maxServerWait) {

    public FetchSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(requestInterval, "requestInterval");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxServerWait, "maxServerWait");
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        if (initialBackoff.isZero() || initialBackoff.isNegative()) {
            throw new IllegalArgumentException("initialBackoff must be positive, was " + initialBackoff);
        }
    }
}
