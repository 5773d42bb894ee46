package io.databroker.shared.envelope;

/** A record carries {@code ce_*} headers that are incomplete or malformed. */
public class InvalidEnvelopeException extends RuntimeException {

    public InvalidEnvelopeException(String message) {
        super(message);
    }
}
