package io.databroker.cold.consume;

/** Kafka did not take a dead letter: the records it covers must not be committed past, so they are read again. */
public class DeadLetterNotStoredException extends RuntimeException {

    public DeadLetterNotStoredException(Throwable cause) {
        super("a dead letter could not be sent to the dead-letter queue: " + cause, cause);
    }
}
