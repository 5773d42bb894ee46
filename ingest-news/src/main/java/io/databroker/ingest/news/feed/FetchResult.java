package io.databroker.ingest.news.feed;

/** What a conditional GET of a feed returned. */
public sealed interface FetchResult {

    /** 304 Not Modified: the stored validators still match. */
    record NotModified() implements FetchResult {
    }

    /**
     * A 2xx response: the raw body (never decoded here: the parser detects the charset) and the validators to send
     * next time.
     *
     * @param contentType the Content-Type header, whose charset parameter takes part in charset detection (RFC 3023)
     */
    record Fetched(byte[] body, String contentType, String etag, String lastModified) implements FetchResult {
    }
}
