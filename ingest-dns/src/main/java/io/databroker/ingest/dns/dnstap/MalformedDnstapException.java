package io.databroker.ingest.dns.dnstap;

/** A data frame that is not a valid dnstap protobuf message (or carries values no real event can have). */
public class MalformedDnstapException extends RuntimeException {

    public MalformedDnstapException(String message, Throwable cause) {
        super(message, cause);
    }

    public MalformedDnstapException(String message) {
        super(message);
    }
}
