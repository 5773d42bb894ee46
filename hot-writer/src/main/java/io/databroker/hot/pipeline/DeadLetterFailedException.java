package io.databroker.hot.pipeline;

/**
 * A dead letter could not be stored in {@code dead-letter-queue}. The batch must not be acknowledged (that would drop
 * the record silently), so the loop rewinds and processes it again.
 */
public class DeadLetterFailedException extends RuntimeException {

    public DeadLetterFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
