package io.databroker.ingest.core.http;

import java.io.IOException;

/**
 * A response body grew past the configured cap. An {@link IOException} because it surfaces from the body stream
 * (often inside a parser); the polling loop still counts it as malformed source data, not as a network error.
 */
public class ResponseTooLargeException extends IOException {

    public ResponseTooLargeException(String message) {
        super(message);
    }
}
