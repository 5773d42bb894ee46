package io.databroker.ingest.core.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Optional;

/**
 * A 2xx or 304 response whose body has not been read yet: the caller streams {@link #body()} (already gzip-decoded
 * and capped) straight into its parser, so memory stays flat whatever the page size. Must be closed.
 */
public final class FetchResponse implements AutoCloseable {

    private final URI uri;
    private final int status;
    private final HttpHeaders headers;
    private final InputStream body;

    FetchResponse(URI uri, int status, HttpHeaders headers, InputStream body) {
        this.uri = uri;
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** The URL requested (before redirects), for log lines. */
    public URI uri() {
        return uri;
    }

    public int status() {
        return status;
    }

    /** 304: the validators sent with the request still match; there is no body. */
    public boolean notModified() {
        return status == 304;
    }

    /** All response headers, e.g. for {@code Link} paging, {@code X-Poll-Interval} or rate-limit headers. */
    public HttpHeaders headers() {
        return headers;
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** The Content-Type header, or null. */
    public String contentType() {
        return headers.firstValue("Content-Type").orElse(null);
    }

    /** The validator to send as {@code If-None-Match} next time, or null. */
    public String etag() {
        return headers.firstValue("ETag").orElse(null);
    }

    /** The validator to send as {@code If-Modified-Since} next time, or null. */
    public String lastModified() {
        return headers.firstValue("Last-Modified").orElse(null);
    }

    /** The decoded body; reading fails with {@link ResponseTooLargeException} past the cap. */
    public InputStream body() {
        return body;
    }

    /** The whole decoded body, for sources with small documents. */
    public byte[] bodyBytes() throws IOException {
        return body.readAllBytes();
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // Closing only releases the connection; a failure here cannot lose data.
        }
    }
}
