package io.databroker.ingest.github.events;

import java.time.Duration;

import io.databroker.ingest.core.http.SourceHttpException;

/**
 * GitHub refused a request because of a rate limit (403 or 429): the primary limit exhausted until
 * {@code X-RateLimit-Reset}, or a secondary limit with its {@code Retry-After}. It counts as a throttled poll, and
 * its {@link #retryAfter()} is the wait until the limit lifts, which the polling loop honours before polling again.
 */
public class RateLimitedException extends SourceHttpException {

    private final String limit;

    public RateLimitedException(SourceHttpException cause, Duration wait, String limit) {
        super(cause.uri(), cause.status(), cause.headers(), wait);
        this.limit = limit;
        initCause(cause);
    }

    /** Which limit: {@code primary} or {@code secondary}. */
    public String limit() {
        return limit;
    }

    @Override
    public boolean throttled() {
        return true;
    }

    @Override
    public String getMessage() {
        return super.getMessage() + ": " + limit + " rate limit, waiting " + retryAfter().orElse(Duration.ZERO);
    }
}
