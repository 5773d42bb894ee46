package io.databroker.ingest.news.feed;

/** The response is not a feed we can read: broken XML, an unknown format, or too large. */
public class MalformedFeedException extends RuntimeException {

    public MalformedFeedException(String message) {
        super(message);
    }

    public MalformedFeedException(String message, Throwable cause) {
        super(message, cause);
    }
}
