package io.databroker.ingest.github.events;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import io.databroker.ingest.core.http.SourceHttpException;

/**
 * GitHub's primary rate limit as a response states it: {@code X-RateLimit-Remaining} requests left until
 * {@code X-RateLimit-Reset} (epoch seconds). Either may be absent (GitHub Enterprise with limits off).
 *
 * @param remaining requests left in the window, or null when not stated
 * @param reset     when the window resets, or null when not stated
 */
public record RateLimit(Long remaining, Instant reset) {

    /** Used when the limit is exhausted but the reset time is not stated; GitHub's docs ask for at least a minute. */
    static final Duration DEFAULT_WAIT = Duration.ofMinutes(1);

    public static RateLimit from(HttpHeaders headers) {
        OptionalLong remaining = headers.firstValueAsLong("X-RateLimit-Remaining");
        OptionalLong reset = headers.firstValueAsLong("X-RateLimit-Reset");
        return new RateLimit(remaining.isPresent() ? remaining.getAsLong() : null,
                reset.isPresent() ? Instant.ofEpochSecond(reset.getAsLong()) : null);
    }

    /**
     * Tells a rate-limit refusal from other failures, as GitHub documents them ("Rate limits for the REST API"): a
     * {@code Retry-After} on 403/429 is a secondary limit, to be waited out exactly; {@code X-RateLimit-Remaining: 0}
     * means the primary limit is exhausted until {@code X-RateLimit-Reset}; a 429 with neither still asks for at least
     * a minute. A 403 with neither is a real refusal (bad token, blocked, SSO) and stays what it was.
     */
    public static SourceHttpException classify(SourceHttpException failure, Instant now) {
        if (failure.status() != 403 && failure.status() != 429) {
            return failure;
        }
        if (failure.retryAfter().isPresent()) {
            return new RateLimitedException(failure, failure.retryAfter().get(), "secondary");
        }
        RateLimit limit = from(failure.headers());
        if (limit.exhausted()) {
            return new RateLimitedException(failure, limit.untilReset(now), "primary");
        }
        if (failure.status() == 429) {
            return new RateLimitedException(failure, DEFAULT_WAIT, "secondary");
        }
        return failure;
    }

    /** True when no request is left until the reset. */
    public boolean exhausted() {
        return remaining != null && remaining <= 0;
    }

    /** How long until the window resets, from {@code now}; never negative. */
    public Duration untilReset(Instant now) {
        if (reset == null) {
            return DEFAULT_WAIT;
        }
        Duration wait = Duration.between(now, reset);
        return wait.isNegative() ? Duration.ZERO : wait;
    }
}
