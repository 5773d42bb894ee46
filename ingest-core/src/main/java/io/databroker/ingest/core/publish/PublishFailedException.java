package io.databroker.ingest.core.publish;

/** The Kafka transaction holding a poll's records and cursor was not committed; none of it is visible. */
public class PublishFailedException extends RuntimeException {

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
