package io.databroker.ingest.news.publish;

/** The Kafka transaction holding a feed's items and cursor was not committed; none of it is visible. */
public class PublishFailedException extends RuntimeException {

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
