package io.databroker.ingest.news.fetch;

import java.net.URI;

import io.databroker.ingest.core.http.SourceHttpException;

/**
 * A redirect that is not followed: too many hops, no or an unusable {@code Location}, a non-HTTP target, or a
 * downgrade from https to http. A {@link SourceHttpException} (the redirect's status), so it counts as
 * {@code http_error}; its message says which rule refused it.
 */
public class RedirectRefusedException extends SourceHttpException {

    private final String reason;

    public RedirectRefusedException(URI feed, SourceHttpException redirect, String reason) {
        super(feed, redirect.status(), redirect.headers(), null);
        this.reason = reason;
    }

    @Override
    public String getMessage() {
        return reason;
    }
}
