package io.databroker.ingest.news.feed;

/** The feed server answered with a status that is neither 2xx nor 304. */
public class FeedHttpException extends RuntimeException {

    private final int status;

    public FeedHttpException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
