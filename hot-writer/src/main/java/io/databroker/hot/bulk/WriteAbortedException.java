package io.databroker.hot.bulk;

/**
 * The service is stopping while a bulk write was still being retried. Nothing of the batch may be acknowledged:
 * its offsets stay uncommitted, and the records are redelivered after the restart.
 */
public class WriteAbortedException extends RuntimeException {

    public WriteAbortedException(String message) {
        super(message);
    }
}
