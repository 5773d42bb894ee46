package io.databroker.hot.bulk;

/**
 * Elasticsearch refused one document for good.
 *
 * @param status    the item's HTTP status
 * @param errorType Elasticsearch's error type, e.g. {@code document_parsing_exception} (safe to log)
 * @param reason    Elasticsearch's reason, with its first cause; may quote field values, so it goes to the
 *                  dead letter's headers, never to the log
 */
public record DocumentRejection(int status, String errorType, String reason) {

    /** The exception a dead letter carries for this rejection. */
    public DocumentRejectedException toException() {
        return new DocumentRejectedException(errorType + " (status " + status + "): " + reason);
    }
}
