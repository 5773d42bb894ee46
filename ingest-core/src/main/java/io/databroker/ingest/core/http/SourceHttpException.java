package io.databroker.ingest.core.http;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Optional;

/**
 * The source answered with a status other than 2xx or 304, after the retries for transient statuses ran out. The
 * headers stay available so a source can read its own rate-limit headers (GitHub's {@code X-RateLimit-Reset}).
 */
public class SourceHttpException extends RuntimeException {

    private final URI uri;
    private final int status;
    private final transient HttpHeaders headers;
    private final Duration retryAfter;

    public SourceHttpException(URI uri, int status, HttpHeaders headers, Duration retryAfter) {
        super("HTTP " + status + " from " + uri + (retryAfter == null ? "" : " (Retry-After " + retryAfter + ")"));
        this.uri = uri;
        this.status = status;
        this.headers = headers;
        this.retryAfter = retryAfter;
    }

    public URI uri() {
        return uri;
    }

    public int status() {
        return status;
    }

    public HttpHeaders headers() {
        return headers;
    }

    /** The wait the server asked for, if any: the polling loop does not poll again before it has passed. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** 429 Too Many Requests or 503 Service Unavailable: the source asks us to slow down. */
    public boolean throttled() {
        return status == 429 || status == 503;
    }
}
